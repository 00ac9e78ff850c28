namespace RecLab.Analysis;

/// <summary>The outcome of <see cref="AaCheck.Run"/>.</summary>
/// <param name="Metric">Metric checked.</param>
/// <param name="Splits">Random splits tried.</param>
/// <param name="Alpha">Significance level.</param>
/// <param name="FalsePositiveRate">Share of splits with p &lt; alpha: should be close to alpha.</param>
/// <param name="Lower">Lower end of the 95% Wilson interval of that share.</param>
/// <param name="Upper">Upper end.</param>
public sealed record AaResult(string Metric, int Splits, double Alpha, double FalsePositiveRate, double Lower, double Upper)
{
    /// <summary>Whether alpha lies inside the interval: the test is calibrated on this data.</summary>
    public bool Calibrated => Alpha >= Lower && Alpha <= Upper;
}

/// <summary>
/// An A/A check: split the users of one arm at random into two halves many times and run the same Welch test on each
/// split. With no real difference, about alpha of the splits must come out significant; a very different share means
/// the test's assumptions fail on this metric (heavy tails, dependence) and its p-values cannot be trusted.
/// </summary>
public static class AaCheck
{
    /// <summary>Runs <paramref name="splits"/> seeded random splits of <paramref name="values"/> (parallel, deterministic).</summary>
    public static AaResult Run(string metric, double[] values, int splits = 1000, double alpha = 0.05, ulong seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(splits, 10);
        if (values.Length < 8) throw new ArgumentException($"an A/A check needs at least 8 users, got {values.Length}.", nameof(values));
        var positives = 0;
        Parallel.For(0, splits, () => 0, (s, _, count) =>
        {
            var rng = Rng.For(seed, s);
            var shuffled = values.ToArray();
            rng.Shuffle(shuffled.AsSpan());
            var half = shuffled.Length / 2;
            var result = WelchTest.Compare(shuffled.AsSpan(0, half), shuffled.AsSpan(half), alpha);
            return result.PValue < alpha ? count + 1 : count;
        }, count => Interlocked.Add(ref positives, count));
        var rate = (double)positives / splits;
        var (lower, upper) = Wilson(positives, splits);
        return new AaResult(metric, splits, alpha, rate, lower, upper);
    }

    /// <summary>The 95% Wilson score interval of a binomial proportion.</summary>
    public static (double Lower, double Upper) Wilson(long successes, long trials, double z = 1.959963984540054)
    {
        var p = (double)successes / trials;
        var denominator = 1 + z * z / trials;
        var centre = (p + z * z / (2 * trials)) / denominator;
        var half = z * Math.Sqrt(p * (1 - p) / trials + z * z / (4.0 * trials * trials)) / denominator;
        return (centre - half, centre + half);
    }
}
