using RecLab.Analysis;

namespace RecLab.Tests.Analysis;

public sealed class StatisticsTests
{
    [Fact]
    public void Holm_adjusts_a_known_example()
    {
        // Sorted: 0.005 x4 = 0.02; 0.01 x3 = 0.03; 0.03 x2 = 0.06; 0.04 x1 = 0.04, raised to the running max 0.06.
        var adjusted = Holm.Adjust([0.01, 0.04, 0.03, 0.005]);

        Assert.Equal([0.03, 0.06, 0.06, 0.02], adjusted.Select(p => Math.Round(p, 12)));
        Assert.Equal([0.6, 0.2], Holm.Adjust([0.6, 0.1]));
        Assert.Equal([1.0, 1.0], Holm.Adjust([0.7, 0.9]));
        Assert.True(double.IsNaN(Holm.Adjust([double.NaN, 0.01])[0]));
        Assert.Equal(0.01, Holm.Adjust([double.NaN, 0.01])[1]);
    }

    [Fact]
    public void Bootstrap_intervals_cover_a_known_effect_at_about_the_nominal_rate()
    {
        // Control N(10, 3), treatment N(11, 3): the true effect is +10%.
        var covered = 0;
        const int experiments = 200;
        for (var e = 0; e < experiments; e++)
        {
            var rng = Rng.For(99, e);
            var control = Enumerable.Range(0, 300).Select(_ => 10 + 3 * rng.NextGaussian()).ToArray();
            var treatment = Enumerable.Range(0, 300).Select(_ => 11 + 3 * rng.NextGaussian()).ToArray();
            var interval = Bootstrap.RelativeEffect(control, treatment, resamples: 400, seed: (ulong)e);
            if (interval.Lower <= 10 && 10 <= interval.Upper) covered++;
        }

        Assert.InRange((double)covered / experiments, 0.89, 0.99);
    }

    [Fact]
    public void The_bootstrap_depends_only_on_its_seed()
    {
        double[] c = [1, 2, 3, 4, 5, 6], t = [2, 3, 4, 5, 6, 9];

        Assert.Equal(Bootstrap.RelativeEffect(c, t, 500, seed: 1), Bootstrap.RelativeEffect(c, t, 500, seed: 1));
        Assert.NotEqual(Bootstrap.RelativeEffect(c, t, 500, seed: 1).Lower, Bootstrap.RelativeEffect(c, t, 500, seed: 2).Lower);
    }

    [Fact]
    public void Sample_ratio_mismatch_is_detected_and_a_fair_split_passes()
    {
        var bad = SampleRatioMismatch.Check(["C", "T1"], [1000, 1200]);
        var fair = SampleRatioMismatch.Check(["C", "T1", "T2"], [1000, 1010, 985]);
        var planned = SampleRatioMismatch.Check(["C", "T1"], [1000, 3000], [0.25, 0.75]);

        // (1000 - 1100)^2 / 1100 * 2 = 18.18..., p = 2.0e-5.
        Assert.Equal(200.0 * 100 / 1100, bad.ChiSquare, 10);
        Assert.True(bad.Mismatch);
        Assert.Contains("sample ratio mismatch", bad.Warning);
        Assert.False(fair.Mismatch);
        Assert.Null(fair.Warning);
        Assert.False(planned.Mismatch);
    }

    [Fact]
    public void Power_analysis_matches_the_closed_form()
    {
        // (z_0.975 + z_0.8) * sqrt(2 / 1000) * sd / mean = 2.8015852 * 0.0447214 * 0.5 = 6.26454% of the mean.
        var mde = PowerAnalysis.MinimumDetectableEffect(mean: 2, standardDeviation: 1, usersPerArm: 1000);

        Assert.Equal(6.26454, mde, 4);
        Assert.InRange(PowerAnalysis.UsersPerArm(2, 1, mde), 1000, 1001);
        Assert.True(PowerAnalysis.MinimumDetectableEffect(2, 1, 4000) < mde / 1.99);
    }

    [Fact]
    public void Cuped_removes_the_covariates_share_of_the_variance()
    {
        var rng = new Rng(4);
        var x = Enumerable.Range(0, 4000).Select(_ => rng.NextGaussian()).ToArray();
        var y = x.Select(v => 3 + 2 * v + 0.5 * rng.NextGaussian()).ToArray();

        var theta = Cuped.Theta(x, y);
        var adjusted = Cuped.Adjust(x, y, theta, x.Average());

        Assert.InRange(theta, 1.95, 2.05);
        Assert.Equal(y.Average(), adjusted.Average(), 10);
        Assert.InRange(WelchTest.MeanVariance(adjusted).Variance, 0.2, 0.3);
        Assert.InRange(WelchTest.MeanVariance(y).Variance, 3.9, 4.6);
    }

    [Fact]
    public void An_AA_check_on_well_behaved_data_finds_about_alpha_false_positives()
    {
        var rng = new Rng(5);
        var values = Enumerable.Range(0, 2000).Select(_ => 2 + rng.NextGaussian()).ToArray();

        var result = AaCheck.Run("metric", values, splits: 1000, alpha: 0.05, seed: 3);

        Assert.InRange(result.FalsePositiveRate, 0.03, 0.07);
        Assert.True(result.Calibrated, $"{result}");
        Assert.Equal(result, AaCheck.Run("metric", values, splits: 1000, alpha: 0.05, seed: 3));
    }
}
