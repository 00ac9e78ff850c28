using RecLab.Training;
using static TorchSharp.torch;

namespace RecLab.Tests.Training;

[Collection(TestSupport.TorchCollection.Name)]
public sealed class TopKTests
{
    [Fact]
    public void Batched_top_k_equals_brute_force_for_both_similarities_with_masks_and_exclusions()
    {
        RecLab.Training.TorchDevices.Select("cpu");
        var rng = new Rng(5);
        var (q, t, d) = (37, 50, 6);
        var queries = Enumerable.Range(0, q * d).Select(_ => (float)rng.NextGaussian()).ToArray();
        var items = Enumerable.Range(0, t * d).Select(_ => (float)rng.NextGaussian()).ToArray();
        var candidate = Enumerable.Range(0, t).Select(i => i % 7 != 0).ToArray();
        IEnumerable<int> Exclude(int query) => [query % t, (query * 3) % t];
        foreach (var similarity in new[] { Similarity.Dot, Similarity.NegativeL2 })
        {
            using var qt = tensor(queries, [q, d]);
            using var it = tensor(items, [t, d]);

            var lists = TopK.Compute(qt, it, 5, similarity, candidate, Exclude, batchSize: 8);

            for (var i = 0; i < q; i++)
            {
                var query = queries.AsSpan(i * d, d).ToArray();
                var expected = Enumerable.Range(0, t).Where(j => candidate[j] && !Exclude(i).Contains(j))
                    .OrderByDescending(j => Score(query, items.AsSpan(j * d, d).ToArray(), similarity)).Take(5).ToArray();
                Assert.Equal(expected, lists[i]);
            }
        }
    }

    private static double Score(float[] q, float[] v, Similarity similarity) => similarity == Similarity.Dot
        ? q.Zip(v, (a, b) => (double)a * b).Sum()
        : -q.Zip(v, (a, b) => ((double)a - b) * ((double)a - b)).Sum();
}
