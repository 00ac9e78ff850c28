namespace RecLab.Bandits.Policies;

/// <summary>
/// The reference project's UCB baseline, reproduced to compare with its published scores (task 1: 0.5424, task 3:
/// 0.4632): scores <c>positives/pulls + sqrt(c ln N / pulls)</c> with c = 0.1 (untried items <c>1 + sqrt(c ln N)</c>),
/// N the pulls in the whole log, refitted every iteration, and K items drawn in proportion to score without
/// replacement, in the final pass too.
/// </summary>
public sealed class ReferenceUcbPolicy(double c = 0.1) : CountingPolicy
{
    /// <inheritdoc />
    public override string Name => "reference-ucb";

    /// <inheritdoc />
    public override void Recommend(ReadOnlySpan<int> users, Span<int> slates, int iteration, bool final) =>
        base.Recommend(users, slates, iteration, final: false);

    /// <inheritdoc />
    protected override void Score(Span<double> scores, int user, int iteration)
    {
        var log = Math.Log(Math.Max(Counts.Total, 1));
        for (var i = 0; i < scores.Length; i++)
        {
            var n = Counts.Pulls[i];
            scores[i] = n > 0 ? Counts.Successes[i] / n + Math.Sqrt(c * log / n) : 1 + Math.Sqrt(c * log);
        }
    }

    /// <inheritdoc />
    protected override void Select(ReadOnlySpan<double> scores, Span<int> slate) => SlateSelection.Proportional(scores, slate, ref Random);
}

/// <summary>
/// The reference project's Thompson-sampling baseline (published task 4 score 3.4533): one draw per item per fit from
/// Beta(1 + positives, 1 + negatives) (the reference names Beta(positives, negatives); the uniform prior keeps unseen items
/// defined), shared by all users of the iteration, and K items drawn in proportion to the draws, in the final pass too.
/// </summary>
public sealed class ReferenceThompsonPolicy : CountingPolicy
{
    /// <inheritdoc />
    public override string Name => "reference-thompson";

    /// <inheritdoc />
    public override void Recommend(ReadOnlySpan<int> users, Span<int> slates, int iteration, bool final) =>
        base.Recommend(users, slates, iteration, final: false);

    /// <inheritdoc />
    protected override void Score(Span<double> scores, int user, int iteration)
    {
        for (var i = 0; i < scores.Length; i++)
            scores[i] = Sampling.Beta(ref Random, 1 + Counts.Successes[i], 1 + Counts.Pulls[i] - Counts.Successes[i]);
    }

    /// <inheritdoc />
    protected override void Select(ReadOnlySpan<double> scores, Span<int> slate) => SlateSelection.Proportional(scores, slate, ref Random);
}
