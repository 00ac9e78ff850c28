using MathNet.Numerics.Distributions;

namespace RecLab.Analysis;

/// <summary>
/// Planning a run: the minimum detectable effect for a number of users per arm, or the users per arm needed for an
/// effect, for a two-sided two-sample test of means (normal approximation, equal arms):
/// <c>MDE = (z_{1-alpha/2} + z_{power}) * sqrt(2) * sd / sqrt(n)</c>.
/// </summary>
public static class PowerAnalysis
{
    /// <summary>The smallest difference detectable with <paramref name="power"/>, in percent of <paramref name="mean"/>.</summary>
    public static double MinimumDetectableEffect(double mean, double standardDeviation, long usersPerArm, double alpha = 0.05, double power = 0.8)
    {
        if (usersPerArm < 2) throw new ArgumentOutOfRangeException(nameof(usersPerArm), usersPerArm, "needs at least 2 users per arm");
        var z = Normal.InvCDF(0, 1, 1 - alpha / 2) + Normal.InvCDF(0, 1, power);
        return 100 * z * Math.Sqrt(2.0 / usersPerArm) * standardDeviation / mean;
    }

    /// <summary>Users per arm to detect <paramref name="effectPercent"/> of <paramref name="mean"/> with <paramref name="power"/>.</summary>
    public static long UsersPerArm(double mean, double standardDeviation, double effectPercent, double alpha = 0.05, double power = 0.8)
    {
        if (!(effectPercent > 0)) throw new ArgumentOutOfRangeException(nameof(effectPercent), effectPercent, "must be positive");
        var z = Normal.InvCDF(0, 1, 1 - alpha / 2) + Normal.InvCDF(0, 1, power);
        var delta = effectPercent / 100 * mean;
        return (long)Math.Ceiling(2 * z * z * standardDeviation * standardDeviation / (delta * delta));
    }
}
