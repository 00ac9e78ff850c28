using RecLab.Events;
using RecLab.Experiments;
using RecLab.Recommenders;
using RecLab.Service;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Service;

public sealed class BotifyTests
{
    private sealed class ListSink : IEventSink
    {
        public List<BotifyEvent> Events { get; } = [];
        public void Append(in BotifyEvent e)
        {
            lock (Events) Events.Add(e);
        }
    }

    private sealed class Nothing : IRecommender
    {
        public int RecommendNext(ref RecommendationContext context) => -1;
    }

    [Fact]
    public void Next_routes_by_the_first_experiment_and_logs_the_courses_fields_plus_the_session()
    {
        var world = Worlds.Small;
        var factory = new RecommenderFactory(world);
        var sink = new ListSink();
        var clock = new FixedClock(DateTimeOffset.FromUnixTimeMilliseconds(1_234_567));
        var routing = Experiment.Create("STICKY", factory, "random", "sticky-artist");
        var other = Experiment.Create("COLOUR", factory, "random", "random", "random");
        var botify = new Botify(world, [routing, other], sink, options: new BotifyOptions { Clock = clock });
        var user = Enumerable.Range(0, 100).First(u => routing.ArmIndex(u) == 1);

        var next = botify.Next(new BotifyRequest(user, 42, 0.75, Session: 9));
        botify.Last(new BotifyRequest(user, next, 0.5, Session: 9));

        Assert.Equal(world.ArtistOf(42), world.ArtistOf(next));
        Assert.Equal(2, sink.Events.Count);
        var e = sink.Events[0];
        Assert.Equal((false, 1_234_567L, user, 42, 0.75, next, 9L), (e.IsLast, e.Timestamp, e.User, e.Track, e.Time, e.Recommendation, e.Session));
        Assert.Equal($"{{\"STICKY\":\"T1\",\"COLOUR\":\"{other.ArmOf(user).Name}\"}}", e.Experiments);
        Assert.InRange(e.Latency, 0, 1);
        Assert.True(sink.Events[1].IsLast);
        Assert.Equal(-1, sink.Events[1].Recommendation);
        Assert.Equal("T1", botify.ArmOf(user).Name);
    }

    [Fact]
    public void Every_event_carries_its_place_in_its_session_counted_per_session_and_restarted_after_last()
    {
        var world = Worlds.Small;
        var sink = new ListSink();
        var botify = new Botify(world, [Experiment.Create("E", new RecommenderFactory(world), "random")], sink);

        // Two sessions of one user interleaved (ids 1 and 2), then id 1 again after its last, then a client without ids.
        botify.Next(new BotifyRequest(3, 10, 1.0, Session: 1));
        botify.Next(new BotifyRequest(3, 20, 1.0, Session: 2));
        botify.Next(new BotifyRequest(3, 11, 0.5, Session: 1));
        botify.Last(new BotifyRequest(3, 12, 0.5, Session: 1));
        botify.Last(new BotifyRequest(3, 21, 0.5, Session: 2));
        botify.Next(new BotifyRequest(3, 13, 1.0, Session: 1));
        botify.Next(new BotifyRequest(4, 30, 1.0));
        botify.Next(new BotifyRequest(4, 31, 1.0));
        botify.Last(new BotifyRequest(4, 32, 1.0));

        Assert.Equal([(1L, 1), (2L, 1), (1L, 2), (1L, 3), (2L, 2), (1L, 1), (-1L, 1), (-1L, 2), (-1L, 3)], sink.Events.Select(e => (e.Session, e.Step)));
    }

    [Fact]
    public void A_recommender_with_no_answer_is_backed_by_a_random_track()
    {
        var world = Worlds.Small;
        var sink = new ListSink();
        var botify = new Botify(world, [new Experiment("E", [new Arm("C", "nothing", new Nothing())])], sink);

        var next = botify.Next(new BotifyRequest(0, 1, 1.0));

        Assert.InRange(next, 0, world.TrackCount - 1);
    }

    [Fact]
    public async Task The_session_history_the_recommender_sees_holds_the_session_so_far_and_ends_with_last()
    {
        var world = Worlds.Small;
        var history = new InMemoryHistoryStore();
        var botify = new Botify(world, [Experiment.Create("E", new RecommenderFactory(world), "no-repeat(sticky-artist)")], new ListSink(), history);

        botify.Next(new BotifyRequest(3, 10, 1.0, Session: 1));
        botify.Next(new BotifyRequest(3, 11, 0.5, Session: 1));
        botify.Next(new BotifyRequest(4, 12, 1.0));
        Assert.Equal(2, history.OpenSessions);
        var after = await history.AppendAsync(3, 1, 13, 0.2);
        Assert.Equal(3, after.Length);
        Assert.Equal([10, 11, 13], after.History!.Tracks.ToArray());

        botify.Last(new BotifyRequest(3, 14, 0.1, Session: 1));
        Assert.Equal(1, history.OpenSessions);
    }

    [Fact]
    public void Same_session_and_seed_give_the_same_recommendations()
    {
        var world = Worlds.Small;
        int[] Run()
        {
            var botify = new Botify(world, [Experiment.Create("E", new RecommenderFactory(world), "random")], new ListSink(), options: new BotifyOptions { Seed = 3 });
            return Enumerable.Range(0, 5).Select(i => botify.Next(new BotifyRequest(1, i, 0.5, Session: 77))).ToArray();
        }

        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void Bad_requests_are_refused_with_the_reason()
    {
        var world = Worlds.Small;
        var botify = new Botify(world, [Experiment.Create("E", new RecommenderFactory(world), "random")], new ListSink());

        Assert.Contains("unknown user", Assert.Throws<ArgumentOutOfRangeException>(() => botify.Next(new BotifyRequest(-1, 1, 0.5))).Message);
        Assert.Contains("unknown track", Assert.Throws<ArgumentOutOfRangeException>(() => botify.Next(new BotifyRequest(1, world.TrackCount, 0.5))).Message);
        Assert.Contains("time must be in [0, 1]", Assert.Throws<ArgumentOutOfRangeException>(() => botify.Next(new BotifyRequest(1, 1, 1.5))).Message);
        Assert.Throws<ArgumentException>(() => new Botify(world, [], new ListSink()));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
