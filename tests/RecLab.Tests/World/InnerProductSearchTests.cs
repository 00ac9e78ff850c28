using RecLab.Tests.TestSupport;
using RecLab.World;

namespace RecLab.Tests.World;

public sealed class InnerProductSearchTests
{
    private static int[] BruteForce(MusicWorld world, int query, int k, ISet<int>? exclude = null)
    {
        var q = world.Embedding(query).ToArray();
        return Enumerable.Range(0, world.TrackCount)
            .Where(t => exclude is null || !exclude.Contains(t))
            .Select(t =>
            {
                var e = world.Embedding(t);
                var s = 0f;
                for (var i = 0; i < q.Length; i++) s += q[i] * e[i];
                return (t, s);
            })
            .OrderByDescending(p => p.s).ThenBy(p => p.t).Take(k).Select(p => p.t).ToArray();
    }

    [Fact]
    public void Interest_neighbours_equal_a_brute_force_search()
    {
        var world = Worlds.Small;

        for (var u = 0; u < 40; u++)
            for (var i = 0; i < 3; i++)
                Assert.Equal(BruteForce(world, world.User(u).Interests[i], 10), world.InterestNeighbours(u, i).ToArray());
    }

    [Fact]
    public void Exclusions_are_skipped_and_short_lists_are_padded_with_minus_one()
    {
        var world = Worlds.Small;
        var query = world.Embedding(17).ToArray();
        var exclude = BruteForce(world, 17, 5).ToHashSet();

        var top = InnerProductSearch.TopK(world.Embeddings.ToArray(), world.TrackCount, world.Dimensions, query, 5, [exclude]);
        var few = InnerProductSearch.TopK([1f, 0f, 0f, 1f], 2, 2, [1f, 1f], 3);

        Assert.Equal(BruteForce(world, 17, 5, exclude), top);
        Assert.Equal([0, 1, -1], few);
    }

    [Fact]
    public void Ties_are_broken_by_the_lower_id()
    {
        var top = InnerProductSearch.TopK([1f, 0f, 1f, 0f, 1f, 0f, 0f, 1f], 4, 2, [1f, 0f], 3);

        Assert.Equal([0, 1, 2], top);
    }
}
