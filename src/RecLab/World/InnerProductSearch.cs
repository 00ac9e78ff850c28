using RecLab.Platform;
using TorchSharp;

namespace RecLab.World;

/// <summary>
/// Exact top-k by inner product over a set of vectors (tracks), for many queries at once: one matrix product per
/// chunk of queries and a top-k, on TorchSharp's CPU BLAS. Used for the listeners' interest neighbours and for
/// exporting top-K lists from trained embeddings.
/// </summary>
/// <remarks>
/// Results are exact up to float32 rounding in the BLAS matrix product; near-ties can order differently across BLAS
/// builds or thread counts (not bit-reproducible across machines), which only matters when two scores agree to ~1e-7.
/// Among equal scores the lower id comes first.
/// </remarks>
public static class InnerProductSearch
{
    private const long ScoresPerChunk = 16_000_000;

    /// <summary>The <paramref name="k"/> items with the largest inner product with each of the items listed in
    /// <paramref name="queryIds"/> (an item may be its own neighbour); <c>[queryIds.Length * k]</c>, best first.</summary>
    public static int[] TopK(float[] items, int count, int dimensions, int[] queryIds, int k)
    {
        var queries = new float[(long)queryIds.Length * dimensions];
        for (var i = 0; i < queryIds.Length; i++)
            Array.Copy(items, (long)queryIds[i] * dimensions, queries, (long)i * dimensions, dimensions);
        return TopK(items, count, dimensions, queries, k);
    }

    /// <summary>The <paramref name="k"/> items with the largest inner product with each query vector
    /// (<paramref name="queries"/> is row-major <c>[q, dimensions]</c>), skipping for query i the ids in
    /// <paramref name="exclude"/>[i] when given; <c>[q * k]</c>, best first, -1 where fewer than k remain.</summary>
    public static int[] TopK(float[] items, int count, int dimensions, float[] queries, int k, IReadOnlyList<IReadOnlyCollection<int>>? exclude = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (items.Length != (long)count * dimensions) throw new ArgumentException($"items has {items.Length} values, expected {count} × {dimensions}.", nameof(items));
        if (queries.Length % dimensions != 0) throw new ArgumentException($"queries has {queries.Length} values, not a multiple of {dimensions}.", nameof(queries));
        var q = queries.Length / dimensions;
        if (exclude is not null && exclude.Count != q) throw new ArgumentException($"exclude has {exclude.Count} lists for {q} queries.", nameof(exclude));
        var extra = exclude is null || q == 0 ? 0 : exclude.Max(e => e.Count);
        var fetch = (int)Math.Min(count, k + extra + 1);
        var result = new int[(long)q * k];
        Array.Fill(result, -1);
        if (q == 0 || count == 0) return result;
        TorchRuntime.EnsureAvailable();
        using var scope = torch.NewDisposeScope();
        var itemMatrix = torch.tensor(items, [count, dimensions]).t();
        var chunk = (int)Math.Max(1, ScoresPerChunk / count);
        var scoreBuffer = new float[(long)chunk * fetch];
        var indexBuffer = new long[(long)chunk * fetch];
        for (var start = 0; start < q; start += chunk)
        {
            var rows = Math.Min(chunk, q - start);
            using var step = torch.NewDisposeScope();
            var block = torch.tensor(queries.AsSpan(start * dimensions, rows * dimensions).ToArray(), [rows, dimensions]);
            var (values, indices) = block.mm(itemMatrix).topk(fetch, dim: 1, largest: true, sorted: true);
            values.data<float>().CopyTo(scoreBuffer, 0);
            indices.data<long>().CopyTo(indexBuffer, 0);
            for (var r = 0; r < rows; r++)
                Select(scoreBuffer.AsSpan(r * fetch, fetch), indexBuffer.AsSpan(r * fetch, fetch),
                    exclude?[start + r], result.AsSpan((start + r) * k, k));
        }
        return result;
    }

    private static void Select(Span<float> scores, Span<long> ids, IReadOnlyCollection<int>? exclude, Span<int> into)
    {
        // Stable order among equal scores: lower id first.
        for (var i = 1; i < scores.Length; i++)
        {
            var (s, id) = (scores[i], ids[i]);
            var j = i - 1;
            while (j >= 0 && (scores[j] < s || (scores[j] == s && ids[j] > id)))
            {
                scores[j + 1] = scores[j];
                ids[j + 1] = ids[j];
                j--;
            }
            scores[j + 1] = s;
            ids[j + 1] = id;
        }
        var n = 0;
        for (var i = 0; i < ids.Length && n < into.Length; i++)
        {
            var id = (int)ids[i];
            if (exclude is not null && exclude.Contains(id)) continue;
            into[n++] = id;
        }
    }
}
