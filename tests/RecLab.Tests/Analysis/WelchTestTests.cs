using RecLab.Analysis;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Analysis;

public sealed class WelchTestTests
{
    private const string SciPyWelch = """
        import json, sys
        from scipy import stats
        import numpy as np
        out = []
        for case in json.load(sys.stdin):
            c, t, alpha = np.array(case["c"]), np.array(case["t"]), case["alpha"]
            res = stats.ttest_ind(t, c, equal_var=False)
            qc, qt = c.var(ddof=1) / len(c), t.var(ddof=1) / len(t)
            df = (qc + qt) ** 2 / (qc ** 2 / (len(c) - 1) + qt ** 2 / (len(t) - 1))
            half = stats.t.ppf(1 - alpha / 2, df) * np.sqrt(qc + qt)
            diff = t.mean() - c.mean()
            out.append({"t": float(res.statistic), "p": float(res.pvalue), "df": float(df), "lower": float(diff - half), "upper": float(diff + half), "q": float(stats.t.ppf(1 - alpha / 2, df))})
        print(json.dumps(out))
        """;

    private static double[] Sample(ulong seed, int n, double mean, double sd, bool skew = false)
    {
        var rng = new Rng(seed);
        return Enumerable.Range(0, n).Select(_ => skew ? mean * Math.Exp(sd * rng.NextGaussian()) : mean + sd * rng.NextGaussian()).ToArray();
    }

    [Fact]
    public void Intervals_p_values_and_degrees_of_freedom_equal_SciPy_to_1e_9_relative()
    {
        var cases = new List<(double[] C, double[] T, double Alpha)>
        {
            (Sample(1, 30, 2.0, 0.8), Sample(2, 45, 2.3, 1.4), 0.05),
            (Sample(3, 5_000, 7.0, 3.0, skew: true), Sample(4, 4_800, 7.2, 3.1, skew: true), 0.05),
            (Sample(5, 3, 1.0, 0.1), Sample(6, 4, 1.5, 1.0), 0.05),
            (Sample(7, 200, 100, 10), Sample(8, 180, 100.5, 25), 0.01),
            (Sample(9, 1_000, 0.3, 0.05), Sample(10, 1_000, 0.31, 0.05), 0.1),
        };

        using var reference = PythonReference.Run(SciPyWelch, cases.Select(c => new { c = c.C, t = c.T, alpha = c.Alpha }));

        var expected = reference.RootElement.EnumerateArray().ToList();
        for (var i = 0; i < cases.Count; i++)
        {
            var ours = WelchTest.Compare(cases[i].C, cases[i].T, cases[i].Alpha);
            AssertRelative(expected[i].GetProperty("t").GetDouble(), ours.T, $"case {i} t");
            AssertRelative(expected[i].GetProperty("p").GetDouble(), ours.PValue, $"case {i} p");
            AssertRelative(expected[i].GetProperty("df").GetDouble(), ours.DegreesOfFreedom, $"case {i} df");
            AssertRelative(expected[i].GetProperty("lower").GetDouble(), ours.Lower, $"case {i} lower");
            AssertRelative(expected[i].GetProperty("upper").GetDouble(), ours.Upper, $"case {i} upper");
            AssertRelative(expected[i].GetProperty("q").GetDouble(), StudentTDistribution.Quantile(1 - cases[i].Alpha / 2, ours.DegreesOfFreedom), $"case {i} quantile");
        }
    }

    private static void AssertRelative(double expected, double actual, string what)
    {
        var relative = Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), 1e-300);
        Assert.True(relative <= 1e-9, $"{what}: expected {expected:R}, got {actual:R} (relative error {relative:E2})");
    }

    [Fact]
    public void A_group_of_one_value_is_refused()
    {
        Assert.Throws<ArgumentException>(() => WelchTest.Compare([1.0], [1.0, 2.0]));
    }

    [Fact]
    public void Identical_constant_groups_give_a_zero_width_interval()
    {
        var result = WelchTest.Compare([2.0, 2.0, 2.0], [2.0, 2.0]);
        Assert.Equal((0.0, 0.0, 0.0), (result.Difference, result.Lower, result.Upper));
    }
}
