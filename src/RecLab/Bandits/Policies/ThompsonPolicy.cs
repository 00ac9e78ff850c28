namespace RecLab.Bandits.Policies;

/// <summary>
/// Beta-Bernoulli Thompson sampling (Thompson 1933; Chapelle and Li 2011): each user of a batch gets an independent draw
/// from every item's Beta(1 + successes, 1 + failures) posterior and the K best draws. With a discount the posterior
/// forgets old evidence (discounted Thompson sampling, Raj and Kalyani 2017) and follows drift.
/// </summary>
/// <param name="discount">Discount per iteration (1 = none).</param>
public sealed class ThompsonPolicy(double discount = 1.0) : CountingPolicy
{
    /// <inheritdoc />
    public override string Name => discount < 1 ? $"discounted-thompson({discount})" : "thompson";

    /// <inheritdoc />
    protected override double Discount => discount;

    /// <inheritdoc />
    protected override bool ScoresPerUser => true;

    /// <inheritdoc />
    protected override void Score(Span<double> scores, int user, int iteration)
    {
        for (var i = 0; i < scores.Length; i++)
            scores[i] = Sampling.Beta(ref Random, 1 + Counts.Successes[i], 1 + Counts.Pulls[i] - Counts.Successes[i]);
    }
}
