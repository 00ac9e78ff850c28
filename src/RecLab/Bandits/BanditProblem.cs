namespace RecLab.Bandits;

/// <summary>
/// What a policy may know about a task: sizes, slate size, iterations and features, but not the response
/// probabilities (those stay with the environment).
/// </summary>
public sealed class BanditProblem
{
    private readonly IBanditEnvironment _environment;

    /// <summary>The policy's view of <paramref name="environment"/> run on <paramref name="schedule"/>.</summary>
    public BanditProblem(IBanditEnvironment environment, BanditSchedule schedule)
    {
        _environment = environment;
        Schedule = schedule.Validate(environment);
    }

    /// <summary>Users.</summary>
    public int Users => _environment.Users;

    /// <summary>Items.</summary>
    public int Items => _environment.Items;

    /// <summary>Items per slate.</summary>
    public int K => Schedule.K;

    /// <summary>How the task is run.</summary>
    public BanditSchedule Schedule { get; }

    /// <summary>Features per user.</summary>
    public int UserFeatureCount => _environment.UserFeatureCount;

    /// <summary>Features per item.</summary>
    public int ItemFeatureCount => _environment.ItemFeatureCount;

    /// <summary>A user's features.</summary>
    public ReadOnlySpan<double> UserFeatures(int user) => _environment.UserFeatures(user);

    /// <summary>An item's features.</summary>
    public ReadOnlySpan<double> ItemFeatures(int item) => _environment.ItemFeatures(item);
}

/// <summary>
/// A recommendation policy for a bandit task: each iteration it proposes K distinct items for each sampled user, then
/// learns from the batch of responses. Policies draw their own randomness from the seed given at reset.
/// </summary>
public interface IBanditPolicy
{
    /// <summary>Name for reports.</summary>
    string Name { get; }

    /// <summary>Forgets everything and prepares for <paramref name="problem"/>.</summary>
    void Reset(BanditProblem problem, ulong seed);

    /// <summary>Fills <paramref name="slates"/> (<c>users.Length × K</c>, row-major) with K distinct items per user.</summary>
    /// <param name="users">The users sampled this iteration (all users in the final pass).</param>
    /// <param name="slates">Output.</param>
    /// <param name="iteration">1-based; <c>Iterations + 1</c> in the final pass.</param>
    /// <param name="final">True in the final pass: policies show what they have learned (most exploit).</param>
    void Recommend(ReadOnlySpan<int> users, Span<int> slates, int iteration, bool final);

    /// <summary>Learns from one iteration's responses (<paramref name="responses"/> parallel to <paramref name="slates"/>).</summary>
    void Update(ReadOnlySpan<int> users, ReadOnlySpan<int> slates, ReadOnlySpan<bool> responses, int iteration);
}
