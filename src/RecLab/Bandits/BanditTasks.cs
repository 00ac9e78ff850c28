using RecLab.Bandits.Policies;

namespace RecLab.Bandits;

/// <summary>A task as the series runs it: its environment, schedule and the policies compared on it.</summary>
/// <param name="Number">1 to 4.</param>
/// <param name="Environment">The response model.</param>
/// <param name="Schedule">K, iterations, sampling rate.</param>
/// <param name="Policies">Factories of the policies compared on this task, the reference's baseline included.</param>
public sealed record BanditTask(int Number, IBanditEnvironment Environment, BanditSchedule Schedule, IReadOnlyList<Func<IBanditPolicy>> Policies)
{
    /// <summary>The target for the best policy's mean final score, for the task's standard configuration (null for
    /// variants such as task 1 with K = 3).</summary>
    public double? Target => Number == 1 && Schedule.K != 1 ? null : BanditTasks.Targets.GetValueOrDefault(Number);

    /// <summary>The policy names, in order.</summary>
    public IReadOnlyList<string> PolicyNames => Policies.Select(p => p().Name).ToList();

    /// <summary>The factory of the policy called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the task's policies.</exception>
    public Func<IBanditPolicy> Policy(string name) =>
        Policies.FirstOrDefault(p => string.Equals(p().Name, name, StringComparison.OrdinalIgnoreCase) || p().Name.StartsWith(name + "(", StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"task {Number} has no policy '{name}' (policies: {string.Join(", ", PolicyNames)}).");
}

/// <summary>The reference's four bandit tasks with the policies the series compares on each.</summary>
public static class BanditTasks
{
    /// <summary>Task <paramref name="number"/> (1–4); the synthetic tasks' landscapes come from <paramref name="seed"/>.</summary>
    /// <param name="number">1 popular items, 2 context, 3 drift, 4 personal preferences.</param>
    /// <param name="seed">Seed of the synthetic landscapes (tasks 2 and 4).</param>
    /// <param name="k">Slate size for task 1 (1 as the reference's main run, or 3).</param>
    /// <exception cref="ArgumentOutOfRangeException">Not a task number.</exception>
    public static BanditTask Create(int number, ulong seed = 42, int k = 1) => Create(number, seed, k, table: null);

    /// <summary>Task <paramref name="number"/>'s schedule and policies on <paramref name="environment"/> instead of its
    /// synthetic landscape: real data for task 2 (context) or 4 (personal preferences), e.g. from
    /// <see cref="ProbabilityTableFile"/>. Tasks 1 and 3 are defined by their fixed probabilities and take no table.</summary>
    /// <exception cref="ArgumentException">Task 1 or 3, or task 2 on an environment without user features (its
    /// contextual policies need them).</exception>
    public static BanditTask Create(int number, IBanditEnvironment environment) => number switch
    {
        1 or 3 => throw new ArgumentException($"task {number} is defined by its own fixed probabilities and takes no table; tables are for tasks 2 and 4."),
        2 when environment.UserFeatureCount == 0 => throw new ArgumentException($"task 2's contextual policies need user features; {environment.Name} has none."),
        _ => Create(number, 42, 1, environment),
    };

    private static BanditTask Create(int number, ulong seed, int k, IBanditEnvironment? table) => number switch
    {
        1 => new BanditTask(1, new ItemProbabilityEnvironment(ItemProbabilityEnvironment.PopularItems), new BanditSchedule(k, 20),
            [() => new RandomPolicy(), () => new EpsilonGreedyPolicy(), () => new Ucb1Policy(), () => new KlUcbPolicy(), () => new ThompsonPolicy(), () => new ReferenceUcbPolicy()]),
        2 => new BanditTask(2, table ?? new ContextTaskOptions().Build(seed), new BanditSchedule(1, 20),
            [() => new RandomPolicy(), () => new ThompsonPolicy(), () => new LinUcbPolicy(), () => new HybridLinUcbPolicy(), () => new LinUcbPolicy(0.3, thompson: true), () => new ReferenceUcbPolicy()]),
        3 => new BanditTask(3, new DriftEnvironment(), new BanditSchedule(1, 30),
            [() => new RandomPolicy(), () => new Ucb1Policy(), () => new ThompsonPolicy(), () => new Ucb1Policy(discount: 0.8), () => new Ucb1Policy(window: 10), () => new ThompsonPolicy(discount: 0.8), () => new ReferenceUcbPolicy()]),
        4 => new BanditTask(4, table ?? new PersonalTaskOptions().Build(seed), new BanditSchedule(10, 50),
            [() => new RandomPolicy(), () => new ThompsonPolicy(), () => new AlsPolicy(), () => new PersonalThompsonPolicy(), () => new ReferenceThompsonPolicy()]),
        _ => throw new ArgumentOutOfRangeException(nameof(number), number, "tasks are numbered 1 to 4"),
    };

    /// <summary>The reference's published final scores of its baselines, by task (task 1 with K = 1).</summary>
    public static IReadOnlyDictionary<int, (string Policy, double Score)> PublishedBaselines { get; } = new Dictionary<int, (string, double)>
    {
        [1] = ("reference-ucb", 0.5424),
        [3] = ("reference-ucb", 0.4632),
        [4] = ("reference-thompson", 3.4533),
    };

    /// <summary>The targets for the best policy (mean final score over 10 seeds), by task.</summary>
    public static IReadOnlyDictionary<int, double> Targets { get; } = new Dictionary<int, double> { [1] = 0.74, [2] = 0.88, [3] = 0.66, [4] = 3.7 };
}
