using RecLab.Recommenders;
using RecLab.Service;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Recommenders;

public sealed class RecommenderTests
{
    private static RecommendationContext Context(int user, int previous, params int[] played)
    {
        var history = new SessionHistory();
        foreach (var t in played) history.Add(t, 0.5);
        return new RecommendationContext { User = user, PreviousTrack = previous, PreviousTime = 0.5, History = history, Random = new Rng(3) };
    }

    [Fact]
    public void Random_TopPop_and_StickyArtist_answer_within_their_candidates()
    {
        var world = Worlds.Small;
        var top = new TopPopRecommender(world, 20);
        var sticky = new StickyArtistRecommender(world);
        var random = new RandomRecommender(world.TrackCount);
        var context = Context(0, 42);
        var topSet = world.TracksByPopularity[..20].ToArray().ToHashSet();

        var fromRandom = Enumerable.Range(0, 2000).Select(_ => random.RecommendNext(ref context)).ToList();
        Assert.All(fromRandom, t => Assert.InRange(t, 0, world.TrackCount - 1));
        Assert.True(fromRandom.Distinct().Count() > 1500);
        Assert.All(Enumerable.Range(0, 200), _ => Assert.Contains(top.RecommendNext(ref context), topSet));
        Assert.All(Enumerable.Range(0, 200), _ => Assert.Equal(world.ArtistOf(42), world.ArtistOf(sticky.RecommendNext(ref context))));
        Assert.Equal(20, top.Top.Length);
        Assert.True(world.PopularityOf(top.Top[0]) >= world.PopularityOf(top.Top[19]));
    }

    [Fact]
    public void Unknown_ids_fall_back_instead_of_throwing()
    {
        var world = Worlds.Small;
        var context = Context(999_999, -5);
        var lists = new RecommendationLists(new Dictionary<int, int[]> { [1] = [7, 8] });

        Assert.Equal(-1, new StickyArtistRecommender(world).RecommendNext(ref context));
        Assert.Equal(-1, new IndexedRecommender(lists).RecommendNext(ref context));
        Assert.Equal(-1, new ContextualRecommender(lists).RecommendNext(ref context));
        Assert.InRange(new FallbackRecommender(new StickyArtistRecommender(world), new RandomRecommender(world.TrackCount)).RecommendNext(ref context), 0, world.TrackCount - 1);
    }

    [Fact]
    public void Indexed_picks_from_the_users_list_and_the_ranked_walk_skips_what_was_heard()
    {
        var lists = new RecommendationLists(new Dictionary<int, int[]> { [3] = [10, 11, 12] });
        var pick = new IndexedRecommender(lists, IndexedMode.RandomPick);
        var walk = new IndexedRecommender(lists, IndexedMode.RankedWalk);
        var fresh = Context(3, 10, 10);
        var heard = Context(3, 11, 10, 11);
        var all = Context(3, 12, 10, 11, 12);

        Assert.All(Enumerable.Range(0, 50), _ => Assert.Contains(pick.RecommendNext(ref fresh), new[] { 10, 11, 12 }));
        Assert.Equal(11, walk.RecommendNext(ref fresh));
        Assert.Equal(12, walk.RecommendNext(ref heard));
        Assert.Equal(-1, walk.RecommendNext(ref all));
    }

    [Fact]
    public void Contextual_uses_the_previous_tracks_list_and_no_repeat_avoids_played_tracks()
    {
        var lists = new RecommendationLists(new Dictionary<int, int[]> { [5] = [1, 2], [6] = [3] });
        var contextual = new ContextualRecommender(lists);
        var noRepeat = new NoRepeatRecommender(contextual, tries: 20);
        var context = Context(0, 5, 5, 1);
        var stuck = Context(0, 6, 6, 3);

        Assert.All(Enumerable.Range(0, 30), _ => Assert.Contains(contextual.RecommendNext(ref context), new[] { 1, 2 }));
        Assert.All(Enumerable.Range(0, 30), _ => Assert.Equal(2, noRepeat.RecommendNext(ref context)));
        Assert.Equal(-1, noRepeat.RecommendNext(ref stuck));
    }

    [Fact]
    public void Lists_load_from_the_courses_json_lines_and_bad_lines_name_file_line_and_field()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("users.jsonl"), "{\"user\": 2, \"tracks\": [5, 6, 7]}\n\n{\"user\": 0, \"tracks\": []}\n");
        File.WriteAllText(dir.File("bad.jsonl"), "{\"user\": 2, \"tracks\": [5, 6, 7]}\n{\"user\": 1, \"tracks\": [5, \"x\"]}\n");
        File.WriteAllText(dir.File("nokey.jsonl"), "{\"track\": 1, \"recommendations\": [2]}\n{\"recommendations\": [2]}\n");

        var lists = RecommendationLists.LoadJsonLines(dir.File("users.jsonl"), "user", "tracks");

        Assert.Equal([5, 6, 7], lists.For(2).ToArray());
        Assert.True(lists.For(0).IsEmpty);
        Assert.True(lists.For(99).IsEmpty);
        Assert.Equal(1, lists.Count);
        Assert.Contains("bad.jsonl, line 2: field 'tracks' item 1 is \"x\"",
            Assert.Throws<InvalidDataException>(() => RecommendationLists.LoadJsonLines(dir.File("bad.jsonl"), "user", "tracks")).Message);
        Assert.Contains("nokey.jsonl, line 2: field 'track' must be a non-negative integer",
            Assert.Throws<InvalidDataException>(() => RecommendationLists.LoadJsonLines(dir.File("nokey.jsonl"), "track", "recommendations")).Message);
    }
}
