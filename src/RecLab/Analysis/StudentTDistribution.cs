using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace RecLab.Analysis;

/// <summary>
/// Student's t quantiles and tail probabilities accurate to about 1e-12 relative, as the A/B tests need to match
/// SciPy to 1e-9: MathNet.Numerics' quantile refined by Newton steps on its CDF, and two-sided p-values straight from the
/// regularized incomplete beta function (no cancellation in <c>1 - CDF</c> for large |t|).
/// </summary>
public static class StudentTDistribution
{
    /// <summary>The <paramref name="p"/>-quantile of Student's t with <paramref name="df"/> degrees of freedom.</summary>
    public static double Quantile(double p, double df)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "must be in (0, 1)");
        if (!(df > 0)) throw new ArgumentOutOfRangeException(nameof(df), df, "must be positive");
        if (double.IsPositiveInfinity(df)) return Normal.InvCDF(0, 1, p);
        var t = StudentT.InvCDF(0, 1, df, p);
        for (var i = 0; i < 4; i++)
        {
            var step = (StudentT.CDF(0, 1, df, t) - p) / StudentT.PDF(0, 1, df, t);
            t -= step;
            if (Math.Abs(step) <= 1e-15 * Math.Max(1, Math.Abs(t))) break;
        }
        return t;
    }

    /// <summary>P(|T| ≥ |t|) for Student's t with <paramref name="df"/> degrees of freedom:
    /// <c>I_{df/(df+t²)}(df/2, 1/2)</c>.</summary>
    public static double TwoSidedP(double t, double df)
    {
        if (double.IsNaN(t) || !(df > 0)) return double.NaN;
        if (double.IsPositiveInfinity(df)) return 2 * Normal.CDF(0, 1, -Math.Abs(t));
        return SpecialFunctions.BetaRegularized(df / 2, 0.5, df / (df + t * t));
    }
}
