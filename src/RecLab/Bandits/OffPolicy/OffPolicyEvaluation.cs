using Microsoft.Data.Analysis;
using RecLab.Analysis;

namespace RecLab.Bandits.OffPolicy;

/// <summary>How an off-policy evaluation is run.</summary>
public sealed record OffPolicyOptions
{
    /// <summary>Rounds the behaviour policy logs (one uniformly drawn user and one item each).</summary>
    public int Rounds { get; init; } = 20_000;

    /// <summary>Bootstrap resamples of the rounds for each interval (percentile method, 95%).</summary>
    public int BootstrapResamples { get; init; } = 500;

    /// <summary>τ of Switch-DR. 10 is a common default for weights of policies this close (Open Bandit Pipeline's examples
    /// use values of this order); the estimate moves from DR (τ = ∞) to the direct method (τ = 0).</summary>
    public double SwitchThreshold { get; init; } = 10;

    /// <summary>Seed of the log and of the bootstrap.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Checks the fields; the message names the bad one.</summary>
    public OffPolicyOptions Validate()
    {
        if (Rounds < 2) throw new ArgumentException($"OffPolicyOptions.Rounds = {Rounds}: must be at least 2.", nameof(Rounds));
        if (BootstrapResamples < 10) throw new ArgumentException($"OffPolicyOptions.BootstrapResamples = {BootstrapResamples}: must be at least 10.", nameof(BootstrapResamples));
        if (!(SwitchThreshold >= 0)) throw new ArgumentException($"OffPolicyOptions.SwitchThreshold = {SwitchThreshold}: must be non-negative.", nameof(SwitchThreshold));
        return this;
    }
}

/// <summary>One estimate of a target policy's value, with its bootstrap interval and the true value.</summary>
/// <param name="Target">The target policy.</param>
/// <param name="Estimator">The estimator.</param>
/// <param name="Estimate">Its estimate on the whole log.</param>
/// <param name="Lower">2.5% bootstrap percentile.</param>
/// <param name="Upper">97.5% bootstrap percentile.</param>
/// <param name="Truth">The target policy's true value in the environment.</param>
public sealed record OffPolicyEstimate(string Target, OffPolicyEstimator Estimator, double Estimate, double Lower, double Upper, double Truth)
{
    /// <summary>Estimate minus truth.</summary>
    public double Error => Estimate - Truth;

    /// <summary>Whether the interval holds the truth.</summary>
    public bool Covers => Lower <= Truth && Truth <= Upper;
}

/// <summary>
/// Off-policy evaluation checked against the truth: a behaviour policy logs rounds with its propensities in a bandit
/// environment whose response probabilities are known, every estimator estimates each target policy's value from that
/// log alone, and the true value is computed from the environment beside it. Kits that evaluate on logged data only
/// (Open Bandit Pipeline, Vowpal Wabbit) cannot show the last column.
/// </summary>
public static class OffPolicyEvaluation
{
    /// <summary>Logs <see cref="OffPolicyOptions.Rounds"/> rounds of <paramref name="behaviour"/> (iteration 1 of the environment).</summary>
    public static LoggedRound[] Log(IBanditEnvironment environment, TabularPolicy behaviour, OffPolicyOptions options)
    {
        options.Validate();
        if (behaviour.Users != environment.Users || behaviour.Items != environment.Items)
            throw new ArgumentException($"policy '{behaviour.Name}' is for {behaviour.Users} users × {behaviour.Items} items; {environment.Name} has {environment.Users} × {environment.Items}.");
        var random = new Rng(new SeedSequence(options.Seed).Derive("log"));
        var log = new LoggedRound[options.Rounds];
        for (var i = 0; i < log.Length; i++)
        {
            var user = random.NextInt(environment.Users);
            var item = behaviour.Sample(user, ref random);
            var reward = random.NextDouble() < environment.Probability(user, item, 1) ? 1.0 : 0.0;
            log[i] = new LoggedRound(user, item, behaviour.Probability(user, item), reward);
        }
        return log;
    }

    /// <summary>The reward model the direct and doubly robust estimators use: each item's mean response in the log,
    /// smoothed by one prior success and one prior failure, the same for every user. Deliberately not personal, so that
    /// the direct method's bias on a personal target policy, and the doubly robust correction of it, both show.</summary>
    public static double[] ItemMeanModel(IReadOnlyList<LoggedRound> log, int users, int items)
    {
        var (hits, shows) = (new double[items], new double[items]);
        foreach (var r in log)
        {
            hits[r.Item] += r.Reward;
            shows[r.Item]++;
        }
        var model = new double[users * items];
        for (var u = 0; u < users; u++)
            for (var a = 0; a < items; a++) model[u * items + a] = (hits[a] + 1) / (shows[a] + 2);
        return model;
    }

    /// <summary>Every estimator's estimate of every target, with intervals and the truth.</summary>
    public static IReadOnlyList<OffPolicyEstimate> Run(IBanditEnvironment environment, TabularPolicy behaviour, IReadOnlyList<TabularPolicy> targets,
        OffPolicyOptions options)
    {
        var log = Log(environment, behaviour, options);
        var model = ItemMeanModel(log, environment.Users, environment.Items);
        var resamples = Resamples(log.Length, options);
        var results = new List<OffPolicyEstimate>();
        foreach (var target in targets)
        {
            var truth = OffPolicyEstimators.TrueValue(environment, target);
            foreach (var estimator in Enum.GetValues<OffPolicyEstimator>())
            {
                var estimate = OffPolicyEstimators.Estimate(estimator, log, target, model, options.SwitchThreshold);
                var boot = resamples.Select(idx => OffPolicyEstimators.Estimate(estimator, log, target, model, options.SwitchThreshold, idx)).Order().ToArray();
                results.Add(new OffPolicyEstimate(target.Name, estimator, estimate, Bootstrap.Percentile(boot, 0.025), Bootstrap.Percentile(boot, 0.975), truth));
            }
        }
        return results;
    }

    /// <summary>The estimates as a table: target, estimator, estimate, interval, truth, error and whether the interval covers it.</summary>
    public static DataFrame Table(IReadOnlyList<OffPolicyEstimate> estimates) => new(
        new StringDataFrameColumn("target", estimates.Select(e => e.Target)),
        new StringDataFrameColumn("estimator", estimates.Select(e => e.Estimator.Label())),
        new DoubleDataFrameColumn("estimate", estimates.Select(e => Math.Round(e.Estimate, 4))),
        new DoubleDataFrameColumn("lower", estimates.Select(e => Math.Round(e.Lower, 4))),
        new DoubleDataFrameColumn("upper", estimates.Select(e => Math.Round(e.Upper, 4))),
        new DoubleDataFrameColumn("truth", estimates.Select(e => Math.Round(e.Truth, 4))),
        new DoubleDataFrameColumn("error", estimates.Select(e => Math.Round(e.Error, 4))),
        new BooleanDataFrameColumn("covers", estimates.Select(e => e.Covers)));

    private static int[][] Resamples(int n, OffPolicyOptions options)
    {
        var random = new Rng(new SeedSequence(options.Seed).Derive("bootstrap"));
        return Enumerable.Range(0, options.BootstrapResamples).Select(_ =>
        {
            var idx = new int[n];
            for (var i = 0; i < n; i++) idx[i] = random.NextInt(n);
            return idx;
        }).ToArray();
    }
}
