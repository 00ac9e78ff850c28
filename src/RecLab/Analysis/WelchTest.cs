namespace RecLab.Analysis;

/// <summary>The outcome of <see cref="WelchTest.Compare"/>.</summary>
/// <param name="ControlMean">Mean of the control sample.</param>
/// <param name="TreatmentMean">Mean of the treatment sample.</param>
/// <param name="ControlCount">Control sample size.</param>
/// <param name="TreatmentCount">Treatment sample size.</param>
/// <param name="Difference">Treatment mean minus control mean.</param>
/// <param name="StandardError">sqrt(s_t²/n_t + s_c²/n_c) with unbiased variances.</param>
/// <param name="DegreesOfFreedom">Welch–Satterthwaite degrees of freedom.</param>
/// <param name="T">Difference / standard error.</param>
/// <param name="PValue">Two-sided p-value.</param>
/// <param name="Lower">Lower end of the (1 - alpha) interval for the difference.</param>
/// <param name="Upper">Upper end of the interval.</param>
public sealed record WelchResult(double ControlMean, double TreatmentMean, int ControlCount, int TreatmentCount,
    double Difference, double StandardError, double DegreesOfFreedom, double T, double PValue, double Lower, double Upper);

/// <summary>
/// Welch's t-test and interval for the difference of two means with unequal variances (Welch 1947), degrees of
/// freedom by the Welch–Satterthwaite equation: what the course's analysis uses, and what
/// <c>scipy.stats.ttest_ind(equal_var=False)</c> computes.
/// </summary>
public static class WelchTest
{
    /// <summary>Compares <paramref name="treatment"/> with <paramref name="control"/> at level <paramref name="alpha"/>.</summary>
    /// <exception cref="ArgumentException">A sample has fewer than 2 values.</exception>
    public static WelchResult Compare(ReadOnlySpan<double> control, ReadOnlySpan<double> treatment, double alpha = 0.05)
    {
        if (control.Length < 2 || treatment.Length < 2)
            throw new ArgumentException($"Welch's test needs at least 2 values per group (control {control.Length}, treatment {treatment.Length}).");
        var (mc, vc) = MeanVariance(control);
        var (mt, vt) = MeanVariance(treatment);
        var (nc, nt) = ((double)control.Length, (double)treatment.Length);
        var qc = vc / nc;
        var qt = vt / nt;
        var se = Math.Sqrt(qc + qt);
        var df = (qc + qt) * (qc + qt) / (qc * qc / (nc - 1) + qt * qt / (nt - 1));
        var diff = mt - mc;
        if (se == 0)
            return new WelchResult(mc, mt, control.Length, treatment.Length, diff, 0, double.NaN, double.NaN, double.NaN, diff, diff);
        var half = StudentTDistribution.Quantile(1 - alpha / 2, df) * se;
        var t = diff / se;
        return new WelchResult(mc, mt, control.Length, treatment.Length, diff, se, df, t, StudentTDistribution.TwoSidedP(t, df), diff - half, diff + half);
    }

    /// <summary>Mean and unbiased variance, two-pass (numerically stable).</summary>
    public static (double Mean, double Variance) MeanVariance(ReadOnlySpan<double> values)
    {
        var mean = 0.0;
        foreach (var v in values) mean += v;
        mean /= values.Length;
        double sum = 0, compensation = 0;
        foreach (var v in values)
        {
            var d = v - mean;
            sum += d * d;
            compensation += d;
        }
        var variance = values.Length > 1 ? (sum - compensation * compensation / values.Length) / (values.Length - 1) : 0;
        return (mean, variance);
    }
}
