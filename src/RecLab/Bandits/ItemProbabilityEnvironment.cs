namespace RecLab.Bandits;

/// <summary>
/// Task 1, "popular items": every user has the same probability per item (the reference's: 0.75 for items 2, 6, 8;
/// 0.40 for items 0, 3, 5, 9; 0.10 for items 1, 4, 7), 5,000 users, no features.
/// </summary>
public class ItemProbabilityEnvironment : IBanditEnvironment
{
    /// <summary>The reference's probabilities of task 1, by item.</summary>
    public static IReadOnlyList<double> PopularItems { get; } = [0.40, 0.10, 0.75, 0.40, 0.10, 0.40, 0.75, 0.10, 0.75, 0.40];

    private readonly double[] _p;

    /// <summary>An environment where every user responds to item i with probability <paramref name="probabilities"/>[i].</summary>
    public ItemProbabilityEnvironment(IReadOnlyList<double> probabilities, int users = 5_000, string name = "task 1: popular items")
    {
        if (probabilities.Any(p => !(p >= 0 && p <= 1))) throw new ArgumentException("probabilities must be in [0, 1].", nameof(probabilities));
        ArgumentOutOfRangeException.ThrowIfLessThan(users, 1);
        _p = [.. probabilities];
        Users = users;
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int Users { get; }

    /// <inheritdoc />
    public int Items => _p.Length;

    /// <inheritdoc />
    public int UserFeatureCount => 0;

    /// <inheritdoc />
    public int ItemFeatureCount => 0;

    /// <inheritdoc />
    public ReadOnlySpan<double> UserFeatures(int user) => [];

    /// <inheritdoc />
    public ReadOnlySpan<double> ItemFeatures(int item) => [];

    /// <summary>The base probability of <paramref name="item"/> (before any drift).</summary>
    public double BaseProbability(int item) => _p[item];

    /// <inheritdoc />
    public virtual double Probability(int user, int item, int iteration) => _p[item];
}
