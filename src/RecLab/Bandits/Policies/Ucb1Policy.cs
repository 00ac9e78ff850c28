namespace RecLab.Bandits.Policies;

/// <summary>
/// UCB1 (Auer, Cesa-Bianchi and Fischer 2002): the K largest <c>mean + sqrt(c ln N / n)</c>, untried items first. With
/// a discount or a window over the counts it becomes discounted UCB (Garivier and Moulines 2011) or sliding-window UCB,
/// which follow drifting probabilities.
/// </summary>
/// <param name="exploration">c in the bonus (UCB1: 2).</param>
/// <param name="discount">Discount per iteration (1 = none).</param>
/// <param name="window">Sliding window in iterations (0 = none).</param>
public sealed class Ucb1Policy(double exploration = 2.0, double discount = 1.0, int window = 0) : CountingPolicy
{
    /// <inheritdoc />
    public override string Name =>
        discount < 1 ? $"discounted-ucb({discount})" : window > 0 ? $"sliding-window-ucb({window})" : "ucb1";

    /// <inheritdoc />
    protected override double Discount => discount;

    /// <inheritdoc />
    protected override int Window => window;

    /// <inheritdoc />
    protected override void Score(Span<double> scores, int user, int iteration)
    {
        var log = Math.Log(Math.Max(Counts.Total, 1));
        for (var i = 0; i < scores.Length; i++)
        {
            var n = Counts.Pulls[i];
            scores[i] = n > 1e-9 ? Counts.Successes[i] / n + Math.Sqrt(exploration * log / n) : double.PositiveInfinity;
        }
    }
}
