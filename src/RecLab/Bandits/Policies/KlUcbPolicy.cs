namespace RecLab.Bandits.Policies;

/// <summary>
/// KL-UCB for Bernoulli rewards (Garivier and Cappé 2011): the index of an item is the largest q with
/// <c>n · KL(mean, q) ≤ ln N + c ln ln N</c>, which is tighter than UCB1's and matches the Lai–Robbins lower bound
/// asymptotically. Untried items first.
/// </summary>
/// <param name="c">The ln ln N weight (the authors recommend 0 in practice; 3 for the proof).</param>
public sealed class KlUcbPolicy(double c = 0) : CountingPolicy
{
    /// <inheritdoc />
    public override string Name => "kl-ucb";

    /// <inheritdoc />
    protected override void Score(Span<double> scores, int user, int iteration)
    {
        var n = Math.Max(Counts.Total, 1);
        var budget = Math.Log(n) + (n > Math.E ? c * Math.Log(Math.Log(n)) : 0);
        for (var i = 0; i < scores.Length; i++)
        {
            var pulls = Counts.Pulls[i];
            scores[i] = pulls > 1e-9 ? UpperBound(Counts.Successes[i] / pulls, budget / pulls) : double.PositiveInfinity;
        }
    }

    /// <summary>The largest q in [p, 1] with KL(p, q) ≤ <paramref name="level"/>, by Newton steps from the top
    /// safeguarded by bisection (KL(p, ·) is convex and increasing on [p, 1]).</summary>
    public static double UpperBound(double p, double level)
    {
        p = Math.Clamp(p, 0, 1);
        if (level <= 0 || p >= 1) return p;
        double low = p, high = 1;
        var q = Math.Min(1 - 1e-15, p + Math.Sqrt(level / 2) + 1e-3);
        for (var step = 0; step < 60; step++)
        {
            var f = Kl(p, q) - level;
            if (f > 0) high = q;
            else low = q;
            if (Math.Abs(f) < 1e-13) return q;
            if (high - low < 1e-12) break;
            var derivative = (q - p) / (q * (1 - q));
            var next = q - f / derivative;
            q = next > low && next < high ? next : (low + high) / 2;
        }
        return low;
    }

    /// <summary>Kullback–Leibler divergence between Bernoulli(p) and Bernoulli(q).</summary>
    public static double Kl(double p, double q)
    {
        const double eps = 1e-15;
        p = Math.Clamp(p, eps, 1 - eps);
        q = Math.Clamp(q, eps, 1 - eps);
        return p * Math.Log(p / q) + (1 - p) * Math.Log((1 - p) / (1 - q));
    }
}
