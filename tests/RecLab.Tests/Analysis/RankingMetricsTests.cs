using RecLab.Analysis;

namespace RecLab.Tests.Analysis;

public sealed class RankingMetricsTests
{
    [Fact]
    public void Recall_NDCG_and_MRR_match_a_hand_computed_example()
    {
        // Query 1: relevant {2, 5, 9}; top-4 [5, 1, 9, 7] hits at ranks 1 and 3.
        // Query 2: relevant {4}; top-4 [1, 2, 3, 4] hits at rank 4.
        // Query 3: no relevant items: skipped.
        IReadOnlyList<IReadOnlyList<int>> ranked = [[5, 1, 9, 7], [1, 2, 3, 4], [1, 2, 3, 4]];
        IReadOnlyList<IReadOnlyList<int>> relevant = [[2, 5, 9], [4], []];

        var at4 = RankingMetrics.Evaluate("m", ranked, relevant, 4);
        var at2 = RankingMetrics.Evaluate("m", ranked, relevant, 2);

        Assert.Equal(2, at4.Queries);
        Assert.Equal((2.0 / 3 + 1) / 2, at4.Recall, 12);
        var dcg1 = 1 + 1 / Math.Log2(4);
        var idcg1 = 1 + 1 / Math.Log2(3) + 1 / Math.Log2(4);
        Assert.Equal((dcg1 / idcg1 + 1 / Math.Log2(5)) / 2, at4.Ndcg, 12);
        Assert.Equal((1 + 0.25) / 2, at4.Mrr, 12);
        Assert.Equal((1.0 / 3 + 0) / 2, at2.Recall, 12);
        Assert.Equal((1 / (1 + 1 / Math.Log2(3)) + 0) / 2, at2.Ndcg, 12);
        Assert.Equal(0.5, at2.Mrr, 12);
    }
}
