using System.Text.Json;
using RecLab.Bandits;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Bandits;

public sealed class ProbabilityTableStatisticsTests
{
    /// <summary>The same statistics in NumPy: np.quantile, argpartition top-K, and the eigen-decomposition of XᵀX.</summary>
    private const string NumPyStatistics = """
        import json, sys
        import numpy as np
        d = json.load(sys.stdin)
        P = np.array(d["p"], dtype=np.float32).reshape(d["users"], d["items"]).astype(np.float64)
        k = d["k"]
        means = P.mean(0)
        top = np.argpartition(-P, k, axis=1)[:, :k]
        counts = np.bincount(top.ravel(), minlength=P.shape[1])
        X = P - means
        w, V = np.linalg.eigh(X.T @ X)
        w, V = w[::-1], V[:, ::-1]
        def rank_score(r):
            S = means + (X @ V[:, :r]) @ V[:, :r].T if r else np.broadcast_to(means, P.shape)
            t = np.argpartition(-S, k, axis=1)[:, :k]
            return float(np.take_along_axis(P, t, 1).sum(1).mean())
        print(json.dumps(dict(
            mean=float(P.mean()),
            quantiles=[float(q) for q in np.quantile(P.ravel(), [0.01, 0.1, 0.5, 0.9, 0.99])],
            user_max=[float(q) for q in np.quantile(P.max(1), [0.1, 0.5, 0.9])],
            constant=int(((P.max(0) - P.min(0)) == 0).sum()),
            fixed=float(np.sort(means)[-k:].sum()),
            oracle=float(np.take_along_axis(P, top, 1).sum(1).mean()),
            distinct=int((counts > 0).sum()),
            most=int(counts.max()),
            shares=[float(w[:n].sum() / w.sum()) for n in (1, 10, 20)],
            ranks=[rank_score(r) for r in (0, 1, 2, 4, 8, 16, 32)])))
        """;

    [Fact]
    public void Every_statistic_equals_NumPys_on_a_structured_table()
    {
        // 300 users x 80 items: a rank-3 logistic structure plus noise, and three items with one value for everyone.
        var (users, items) = (300, 80);
        var rng = new Rng(11);
        var a = Enumerable.Range(0, users * 3).Select(_ => rng.NextGaussian()).ToArray();
        var b = Enumerable.Range(0, items * 3).Select(_ => rng.NextGaussian()).ToArray();
        var p = new float[users * items];
        for (var u = 0; u < users; u++)
            for (var i = 0; i < items; i++)
            {
                var logit = -0.8 + 0.02 * i + 0.7 * rng.NextGaussian();
                for (var r = 0; r < 3; r++) logit += a[u * 3 + r] * b[i * 3 + r] / (r + 1);
                p[u * items + i] = i switch { 5 => 0.3f, 40 => 0.55f, 77 => 0.05f, _ => (float)(1 / (1 + Math.Exp(-logit))) };
            }
        var table = new ProbabilityTableEnvironment("structured", users, items, p);

        var stats = ProbabilityTableStatistics.Of(table, k: 10);
        using var reference = PythonReference.Run(NumPyStatistics, new { users, items, k = 10, p });
        var expected = reference.RootElement;

        static double[] Values(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(expected.GetProperty("mean").GetDouble(), stats.MeanProbability, 9);
        Assert.Equal(Values(expected.GetProperty("quantiles")), stats.Quantiles.ToArray(), new Tolerance(1e-9));
        Assert.Equal(Values(expected.GetProperty("user_max")), stats.UserMaxQuantiles.ToArray(), new Tolerance(1e-9));
        Assert.Equal(3, stats.ConstantItems);
        Assert.Equal(expected.GetProperty("constant").GetInt32(), stats.ConstantItems);
        Assert.Equal(expected.GetProperty("fixed").GetDouble(), stats.BestNonPersonalised, 9);
        Assert.Equal(expected.GetProperty("oracle").GetDouble(), stats.PerUserBest, 9);
        Assert.Equal(expected.GetProperty("distinct").GetInt32(), stats.DistinctTopItems);
        Assert.Equal(expected.GetProperty("most").GetInt32(), stats.MostFrequentTopItemUsers);
        Assert.Equal(Values(expected.GetProperty("shares")), stats.SpectrumShares.ToArray(), new Tolerance(1e-9));
        Assert.Equal(Values(expected.GetProperty("ranks")), stats.RankScores.ToArray(), new Tolerance(1e-9));
    }

    [Fact]
    public void A_table_of_ten_items_leaves_out_the_ranks_it_does_not_have_and_refuses_top_10()
    {
        var rng = new Rng(3);
        var table = new ProbabilityTableEnvironment("ten", 50, 10, Enumerable.Range(0, 500).Select(_ => (float)rng.NextDouble()).ToArray());

        var stats = ProbabilityTableStatistics.Of(table, k: 1);
        var error = Assert.Throws<ArgumentException>(() => ProbabilityTableStatistics.Of(table, k: 10));

        Assert.Equal(5, stats.RankScores.Count);
        Assert.Equal(2, stats.SpectrumShares.Count);
        Assert.Equal(1.0, stats.SpectrumShares[1], 9);
        Assert.Contains("the table has 10 items; top-10 statistics need more", error.Message);
    }
}
