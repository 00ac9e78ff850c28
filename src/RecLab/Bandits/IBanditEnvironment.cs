namespace RecLab.Bandits;

/// <summary>
/// A bandit task: users, items (with optional numeric features), and the probability that a user responds positively
/// to an item shown at a given iteration. The runner samples users per iteration, asks a policy for K distinct items
/// per user, and draws independent Bernoulli responses from these probabilities.
/// </summary>
public interface IBanditEnvironment
{
    /// <summary>A short name for reports, e.g. <c>task 1: popular items</c>.</summary>
    string Name { get; }

    /// <summary>Number of users (ids 0..Users-1).</summary>
    int Users { get; }

    /// <summary>Number of items (ids 0..Items-1).</summary>
    int Items { get; }

    /// <summary>Numeric features per user (0 when the task has ids only).</summary>
    int UserFeatureCount { get; }

    /// <summary>Numeric features per item (0 when the task has ids only).</summary>
    int ItemFeatureCount { get; }

    /// <summary>The features of <paramref name="user"/>.</summary>
    ReadOnlySpan<double> UserFeatures(int user);

    /// <summary>The features of <paramref name="item"/>.</summary>
    ReadOnlySpan<double> ItemFeatures(int item);

    /// <summary>P(positive response) of <paramref name="user"/> to <paramref name="item"/> at <paramref name="iteration"/>
    /// (1-based; the final pass is iteration <c>Iterations + 1</c>). A pure function: the same arguments always give
    /// the same probability.</summary>
    double Probability(int user, int item, int iteration);
}

/// <summary>How a task is run: slate size, iterations, the share of users sampled per iteration.</summary>
/// <param name="K">Distinct items recommended to each sampled user.</param>
/// <param name="Iterations">Iterations before the final pass.</param>
/// <param name="SampleRate">Probability that a user is sampled in an iteration (an independent draw per user).</param>
public sealed record BanditSchedule(int K, int Iterations, double SampleRate = 0.1)
{
    /// <summary>Checks the fields against <paramref name="environment"/>; the message names the bad one.</summary>
    public BanditSchedule Validate(IBanditEnvironment environment)
    {
        if (K < 1 || K > environment.Items) throw new ArgumentException($"BanditSchedule.K = {K}: must be in [1, {environment.Items}] (the items of {environment.Name}).", nameof(K));
        if (Iterations < 1) throw new ArgumentException($"BanditSchedule.Iterations = {Iterations}: must be positive.", nameof(Iterations));
        if (!(SampleRate > 0 && SampleRate <= 1)) throw new ArgumentException($"BanditSchedule.SampleRate = {SampleRate}: must be in (0, 1].", nameof(SampleRate));
        return this;
    }
}
