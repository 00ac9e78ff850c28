using static TorchSharp.torch;

namespace RecLab.Training;

/// <summary>How a query vector scores an item vector.</summary>
public enum Similarity
{
    /// <summary>Inner product (cosine when both sides are L2-normalised).</summary>
    Dot,
    /// <summary>Negative Euclidean distance, ranked as <c>2 q·v - |v|²</c> (the query's own norm does not change the order).</summary>
    NegativeL2,
}

/// <summary>
/// Exact top-K over all items, batched on the model's device: a [batch, items] score matrix per step, non-candidates and
/// per-query exclusions set to -inf, then <c>topk</c>. No per-query loop in managed code.
/// </summary>
public static class TopK
{
    /// <summary>The <paramref name="k"/> best items for each query, best first.</summary>
    /// <param name="queries">Query vectors [Q, D].</param>
    /// <param name="items">Item vectors [T, D], row = item id.</param>
    /// <param name="k">List length.</param>
    /// <param name="similarity">Scoring.</param>
    /// <param name="candidate">Items allowed (null = all).</param>
    /// <param name="exclude">Items to leave out of query q's list (e.g. what the user heard, or the query track itself).</param>
    /// <param name="batchSize">Queries per step.</param>
    public static int[][] Compute(Tensor queries, Tensor items, int k, Similarity similarity, bool[]? candidate = null,
        Func<int, IEnumerable<int>>? exclude = null, int batchSize = 1024)
    {
        TorchDevices.ApplyCpuThreads();
        var q = (int)queries.shape[0];
        var t = (int)items.shape[0];
        k = Math.Min(k, candidate is null ? t : candidate.Count(c => c));
        var result = new int[q][];
        if (k <= 0)
        {
            for (var i = 0; i < q; i++) result[i] = [];
            return result;
        }
        using var scope = NewDisposeScope();
        var device = items.device;
        var bias = similarity == Similarity.NegativeL2 ? items.pow(2).sum(1).neg() : zeros(t, device: device);
        if (candidate is not null)
            bias = bias.masked_fill(tensor(candidate, device: device).logical_not(), float.NegativeInfinity);
        var factor = similarity == Similarity.NegativeL2 ? 2f : 1f;
        for (var start = 0; start < q; start += batchSize)
        {
            using var step = NewDisposeScope();
            var size = Math.Min(batchSize, q - start);
            var scores = queries.narrow(0, start, size).mm(items.t()).mul(factor).add(bias.unsqueeze(0));
            if (exclude is not null)
            {
                var rows = new List<long>();
                var cols = new List<long>();
                for (var i = 0; i < size; i++)
                    foreach (var item in exclude(start + i))
                        if ((uint)item < (uint)t)
                        {
                            rows.Add(i);
                            cols.Add(item);
                        }
                if (rows.Count > 0)
                    scores = scores.index_put_(tensor(float.NegativeInfinity, device: device), tensor(rows.ToArray(), device: device), tensor(cols.ToArray(), device: device));
            }
            var (_, indices) = scores.topk(k, dim: 1);
            var flat = indices.cpu().data<long>().ToArray();
            for (var i = 0; i < size; i++)
            {
                var row = new int[k];
                for (var j = 0; j < k; j++) row[j] = (int)flat[i * k + j];
                result[start + i] = row;
            }
        }
        return result;
    }
}
