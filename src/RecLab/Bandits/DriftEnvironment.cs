namespace RecLab.Bandits;

/// <summary>
/// Task 3, "drift": task 1 whose response model counts calls, one per iteration; from the 6th to the 15th call
/// popular items (p 0.75) lose 0.06 per call and unpopular ones (p 0.10) gain 0.06, clipped to [0, 1], so from the
/// 15th call on unpopular items are at 0.70, medium ones still at 0.40 and popular ones at 0.15.
/// </summary>
public sealed class DriftEnvironment(IReadOnlyList<double>? probabilities = null, int users = 5_000,
    int firstDriftCall = 6, int lastDriftCall = 15, double step = 0.06)
    : ItemProbabilityEnvironment(probabilities ?? PopularItems, users, "task 3: drift")
{
    private readonly double _popular = (probabilities ?? PopularItems).Max();
    private readonly double _unpopular = (probabilities ?? PopularItems).Min();

    /// <inheritdoc />
    public override double Probability(int user, int item, int iteration)
    {
        var p = BaseProbability(item);
        var calls = Math.Clamp(iteration - firstDriftCall + 1, 0, lastDriftCall - firstDriftCall + 1);
        if (p == _popular) p -= step * calls;
        else if (p == _unpopular) p += step * calls;
        return Math.Clamp(p, 0, 1);
    }
}
