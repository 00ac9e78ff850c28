using Microsoft.Data.Analysis;

namespace RecLab.Analysis;

/// <summary>Mean top-K metrics over queries.</summary>
/// <param name="Model">Which model's lists.</param>
/// <param name="K">Cut-off.</param>
/// <param name="Recall">Mean Recall@K.</param>
/// <param name="Ndcg">Mean NDCG@K.</param>
/// <param name="Mrr">Mean MRR@K.</param>
/// <param name="Queries">Queries averaged over.</param>
public sealed record RankingScores(string Model, int K, double Recall, double Ndcg, double Mrr, int Queries);

/// <summary>
/// Offline top-K metrics with binary relevance, per query (a user with their held-out positives, or a session prefix
/// with its next item), then averaged over queries:
/// <list type="bullet">
/// <item><c>Recall@K = |top-K ∩ R| / |R|</c> (with one relevant item, the hit rate).</item>
/// <item><c>NDCG@K = DCG / IDCG</c>, <c>DCG = Σ_{i ≤ K, item_i ∈ R} 1 / log2(i + 1)</c>, IDCG the DCG of min(|R|, K) hits at the top.</item>
/// <item><c>MRR@K = 1 / rank of the first relevant item</c> within the top K, 0 if none.</item>
/// </list>
/// These are RecBole's definitions; queries without relevant items are skipped.
/// </summary>
public static class RankingMetrics
{
    /// <summary>Scores <paramref name="ranked"/> lists (best first) against <paramref name="relevant"/> sets, query by query.</summary>
    public static RankingScores Evaluate(string model, IReadOnlyList<IReadOnlyList<int>> ranked, IReadOnlyList<IReadOnlyList<int>> relevant, int k)
    {
        if (ranked.Count != relevant.Count) throw new ArgumentException($"{ranked.Count} ranked lists for {relevant.Count} relevant sets.");
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        double recall = 0, ndcg = 0, mrr = 0;
        var queries = 0;
        for (var q = 0; q < ranked.Count; q++)
        {
            var truth = relevant[q] as IReadOnlySet<int> ?? relevant[q].ToHashSet();
            if (truth.Count == 0) continue;
            queries++;
            var hits = 0;
            double dcg = 0;
            var first = 0;
            var list = ranked[q];
            for (var i = 0; i < Math.Min(k, list.Count); i++)
            {
                if (!truth.Contains(list[i])) continue;
                hits++;
                dcg += 1 / Math.Log2(i + 2);
                if (first == 0) first = i + 1;
            }
            double idcg = 0;
            for (var i = 0; i < Math.Min(truth.Count, k); i++) idcg += 1 / Math.Log2(i + 2);
            recall += (double)hits / truth.Count;
            ndcg += dcg / idcg;
            mrr += first == 0 ? 0 : 1.0 / first;
        }
        return queries == 0
            ? new RankingScores(model, k, double.NaN, double.NaN, double.NaN, 0)
            : new RankingScores(model, k, recall / queries, ndcg / queries, mrr / queries, queries);
    }

    /// <summary>Scores as a table, one row per (model, K).</summary>
    public static DataFrame ToDataFrame(IEnumerable<RankingScores> scores)
    {
        var rows = scores.ToList();
        return new DataFrame(
            new StringDataFrameColumn("model", rows.Select(r => r.Model)),
            new Int32DataFrameColumn("K", rows.Select(r => r.K)),
            new DoubleDataFrameColumn("recall", rows.Select(r => Math.Round(r.Recall, 4))),
            new DoubleDataFrameColumn("ndcg", rows.Select(r => Math.Round(r.Ndcg, 4))),
            new DoubleDataFrameColumn("mrr", rows.Select(r => Math.Round(r.Mrr, 4))),
            new Int32DataFrameColumn("queries", rows.Select(r => r.Queries)));
    }
}
