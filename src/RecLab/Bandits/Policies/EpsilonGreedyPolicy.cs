namespace RecLab.Bandits.Policies;

/// <summary>
/// Epsilon-greedy (Sutton and Barto 2018, §2.2): the K best observed success rates (untried items first), each slot
/// replaced by a random item with probability epsilon.
/// </summary>
/// <param name="epsilon">Exploration probability per slot (default 0.1).</param>
public sealed class EpsilonGreedyPolicy(double epsilon = 0.1) : CountingPolicy
{
    /// <inheritdoc />
    public override string Name => $"epsilon-greedy({epsilon})";

    /// <inheritdoc />
    protected override void Score(Span<double> scores, int user, int iteration)
    {
        for (var i = 0; i < scores.Length; i++) scores[i] = Counts.Mean(i);
    }

    /// <inheritdoc />
    protected override void Select(ReadOnlySpan<double> scores, Span<int> slate)
    {
        SlateSelection.TopK(scores, slate, ref Random);
        for (var s = 0; s < slate.Length; s++)
        {
            if (Random.NextDouble() >= epsilon) continue;
            int pick;
            do pick = Random.NextInt(Problem.Items);
            while (slate.Contains(pick) && slate.Length < Problem.Items);
            slate[s] = pick;
        }
    }
}
