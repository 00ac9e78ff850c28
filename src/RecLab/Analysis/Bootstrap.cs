namespace RecLab.Analysis;

/// <summary>A bootstrap interval for the relative effect of treatment over control.</summary>
/// <param name="Effect">Observed effect in percent of the control mean.</param>
/// <param name="Lower">Lower percentile of the bootstrap effects.</param>
/// <param name="Upper">Upper percentile.</param>
/// <param name="Resamples">Bootstrap resamples drawn.</param>
public sealed record BootstrapInterval(double Effect, double Lower, double Upper, int Resamples);

/// <summary>
/// Percentile bootstrap (Efron and Tibshirani 1993) for <c>100 (mean_t / mean_c - 1)</c>: users are resampled with
/// replacement within each arm. Resample b draws from its own stream (seed, b), and resamples run in parallel, so the
/// interval depends only on the seed.
/// </summary>
public static class Bootstrap
{
    /// <summary>The (1 - alpha) percentile interval from <paramref name="resamples"/> resamples.</summary>
    public static BootstrapInterval RelativeEffect(double[] control, double[] treatment, int resamples = 2000, double alpha = 0.05, ulong seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 10);
        if (control.Length == 0 || treatment.Length == 0) throw new ArgumentException("bootstrap needs values in both groups.");
        var effects = new double[resamples];
        Parallel.For(0, resamples, b =>
        {
            var rng = Rng.For(seed, b);
            effects[b] = 100 * (ResampledMean(control, ref rng) is var c && c != 0 ? ResampledMean(treatment, ref rng) / c - 1 : double.NaN);
        });
        Array.Sort(effects);
        var observed = 100 * (treatment.Average() / control.Average() - 1);
        return new BootstrapInterval(observed, Percentile(effects, alpha / 2), Percentile(effects, 1 - alpha / 2), resamples);
    }

    /// <summary>Linear-interpolated percentile of sorted values (NumPy's default method).</summary>
    public static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }

    private static double ResampledMean(double[] values, ref Rng rng)
    {
        var sum = 0.0;
        for (var i = 0; i < values.Length; i++) sum += values[rng.NextInt(values.Length)];
        return sum / values.Length;
    }
}
