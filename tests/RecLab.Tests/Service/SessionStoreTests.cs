using RecLab.Events;
using RecLab.Experiments;
using RecLab.Recommenders;
using RecLab.Service;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Service;

public sealed class SessionStoreTests
{
    private sealed class ListSink : IEventSink
    {
        public List<BotifyEvent> Events { get; } = [];
        public void Append(in BotifyEvent e)
        {
            lock (Events) Events.Add(e);
        }
    }

    /// <summary>Recommends track number "how many times it was asked in this session", from its own state.</summary>
    private sealed class Counter : IRecommender
    {
        public bool UsesState => true;
        public int RecommendNext(ref RecommendationContext context) => (int)context.State.Increment("n");
    }

    [Fact]
    public async Task A_session_id_belongs_to_its_first_user_until_its_last()
    {
        var store = new InMemoryHistoryStore();
        await store.AppendAsync(1, 5, 10, 0.5);

        Assert.Throws<SessionOwnedByAnotherUserException>(() => store.AppendAsync(2, 5, 11, 0.5).GetAwaiter().GetResult());
        Assert.Throws<SessionOwnedByAnotherUserException>(() => store.EndAsync(2, 5).GetAwaiter().GetResult());
        var step = await store.AppendAsync(1, 5, 12, 0.5);
        Assert.Equal([10, 12], step.History!.Tracks.ToArray());

        await store.EndAsync(1, 5);
        var reused = await store.AppendAsync(2, 5, 13, 0.5);
        Assert.Equal([13], reused.History!.Tracks.ToArray());
    }

    [Fact]
    public void A_session_remembered_by_a_thread_is_not_served_after_it_ended_elsewhere()
    {
        // The in-memory store completes synchronously, so everything below but the other thread runs on this thread.
        var store = new InMemoryHistoryStore();
        int Append(int user, int track) => store.AppendAsync(user, 5, track, 0.5).GetAwaiter().GetResult().Length;
        int End(int user) => store.EndAsync(user, 5).GetAwaiter().GetResult();
        SessionHistory Appended(int user, int track) => store.AppendAsync(user, 5, track, 0.5).GetAwaiter().GetResult().History!;
        Assert.Equal(1, Append(1, 10));
        Assert.Equal(2, Append(1, 11));

        // Ended on another thread, and its id taken by user 2 there: this thread still remembers (1, 5).
        (int Ended, int Taken) elsewhere = default;
        var other = new Thread(() => elsewhere = EndAndTake(store));
        other.Start();
        other.Join();
        var (ended, taken) = elsewhere;

        Assert.Equal((2, 1), (ended, taken));
        Assert.Throws<SessionOwnedByAnotherUserException>(() => Append(1, 12));
        Assert.Equal(1, End(2));
        Assert.Equal([13], Appended(1, 13).Tracks.ToArray());
        Assert.Equal(1, store.OpenSessions);
    }

    /// <summary>Ends user 1's session 5 and starts user 2's session under the same id (synchronous in memory).</summary>
    private static (int Ended, int Taken) EndAndTake(InMemoryHistoryStore store) =>
        (store.EndAsync(1, 5).AsTask().Result, store.AppendAsync(2, 5, 20, 0.5).AsTask().Result.Length);

    [Fact]
    public void A_request_naming_another_users_session_is_refused_and_not_logged()
    {
        var world = Worlds.Small;
        var sink = new ListSink();
        var botify = new Botify(world, [Experiment.Create("E", new RecommenderFactory(world), "random")], sink);
        botify.Next(new BotifyRequest(1, 10, 0.5, Session: 5));

        Assert.Throws<SessionOwnedByAnotherUserException>(() => botify.Next(new BotifyRequest(2, 11, 0.5, Session: 5)));
        Assert.Throws<SessionOwnedByAnotherUserException>(() => botify.Last(new BotifyRequest(2, 11, 0.5, Session: 5)));

        Assert.Single(sink.Events);
        Assert.Equal(1, sink.Events[0].User);
    }

    [Fact]
    public void Session_state_counts_per_session_and_is_reset_at_last()
    {
        var world = Worlds.Small;
        var botify = new Botify(world, [new Experiment("E", [new Arm("C", "counter", new Counter())])], new ListSink());

        var first = Enumerable.Range(0, 3).Select(i => botify.Next(new BotifyRequest(1, 10 + i, 0.5, Session: 5))).ToArray();
        var other = botify.Next(new BotifyRequest(2, 10, 0.5, Session: 6));
        botify.Last(new BotifyRequest(1, 20, 0.5, Session: 5));
        var again = botify.Next(new BotifyRequest(1, 10, 0.5, Session: 5));

        Assert.Equal([1, 2, 3], first);
        Assert.Equal(1, other);
        Assert.Equal(1, again);
    }

    [Fact]
    public void State_records_changes_until_saved_and_zero_means_absent()
    {
        var state = new SessionState();
        state.Set("a", 3);
        state.Increment("b");
        state.MarkSaved();
        Assert.False(state.IsDirty);

        state.Set("a", 3);
        Assert.False(state.IsDirty);
        state.Increment("b", -1);

        Assert.Equal([new KeyValuePair<string, long>("b", 0)], state.Changes.ToArray());
        Assert.False(state.Contains("b"));
        Assert.Equal(1, state.Count);
    }
}
