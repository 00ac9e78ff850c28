using MathNet.Numerics.Distributions;

namespace RecLab.Analysis;

/// <summary>The outcome of a sample-ratio-mismatch check.</summary>
/// <param name="Arms">Arm names.</param>
/// <param name="Observed">Users per arm.</param>
/// <param name="Expected">Users per arm expected from the planned split.</param>
/// <param name="ChiSquare">Pearson's statistic.</param>
/// <param name="PValue">P(χ² with arms - 1 degrees of freedom ≥ statistic).</param>
/// <param name="Threshold">The p-value below which a mismatch is reported.</param>
public sealed record SrmResult(IReadOnlyList<string> Arms, IReadOnlyList<long> Observed, IReadOnlyList<double> Expected, double ChiSquare, double PValue, double Threshold)
{
    /// <summary>Whether the split is off: the assignment or the logging is broken, and effects cannot be trusted.</summary>
    public bool Mismatch => PValue < Threshold;

    /// <summary>A one-line warning, or null when the split looks right.</summary>
    public string? Warning => Mismatch
        ? $"sample ratio mismatch: users per arm {string.Join(", ", Arms.Select((a, i) => $"{a}={Observed[i]:N0}"))} (expected {string.Join(", ", Expected.Select(e => e.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))}), " +
          $"chi-square {ChiSquare:F1}, p = {PValue:G3} < {Threshold}: check assignment and logging before trusting any effect."
        : null;
}

/// <summary>Pearson's chi-square test of users per arm against the planned split (equal by default), the standard
/// sample-ratio-mismatch check (Fabijan et al. 2019). The usual alarm threshold is p &lt; 0.001.</summary>
public static class SampleRatioMismatch
{
    /// <summary>Checks <paramref name="usersPerArm"/> against <paramref name="weights"/> (equal when null).</summary>
    public static SrmResult Check(IReadOnlyList<string> arms, IReadOnlyList<long> usersPerArm, IReadOnlyList<double>? weights = null, double threshold = 0.001)
    {
        if (arms.Count != usersPerArm.Count) throw new ArgumentException("one count per arm is needed.");
        var total = usersPerArm.Sum();
        var w = weights ?? Enumerable.Repeat(1.0, arms.Count).ToArray();
        var sum = w.Sum();
        var expected = w.Select(x => total * x / sum).ToArray();
        var chi = expected.Select((e, i) => e == 0 ? 0 : (usersPerArm[i] - e) * (usersPerArm[i] - e) / e).Sum();
        var p = arms.Count < 2 ? 1.0 : 1 - ChiSquared.CDF(arms.Count - 1, chi);
        return new SrmResult(arms, usersPerArm, expected, chi, p, threshold);
    }
}
