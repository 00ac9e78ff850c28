using RecLab.Simulation;
using RecLab.Tests.TestSupport;
using RecLab.World;

namespace RecLab.Tests.Simulation;

public sealed class ListenerTests
{
    /// <summary>A listener on <see cref="Worlds.Tiny"/> whose session is <paramref name="user"/>'s and began with
    /// <paramref name="first"/>: Begin draws both from its seed, so seeds 0, 1, ... are searched until one gives them.</summary>
    private static Listener Started(int user, int first)
    {
        var listener = new Listener(Worlds.Tiny());
        for (ulong seed = 0; seed < 10_000; seed++)
        {
            listener.Begin(new Rng(seed));
            if (listener.User == user && listener.Track == first) return listener;
        }
        throw new InvalidOperationException($"no seed below 10,000 starts user {user}'s session with track {first}");
    }

    // User 0 of the tiny world: interest track 1 = (2, 1), so every session vector is (2, 1); bias 1, sharpness 2,
    // gamma 0.8; interest neighbours (k = 2): track 4 (dot 9) and track 1 (dot 5). Time = round(sigmoid((dot - 1) * 2) *
    // 0.8^(earlier plays of the artist), 2).
    [Theory]
    // Track 2 = (0, 3): dot 3, sigmoid(4) = 0.98201; artist 1 unplayed.
    [InlineData(1, 2, 0.98)]
    [InlineData(4, 2, 0.98)]
    // Track 5 = (0.5, 0): dot 1, sigmoid(0) = 0.5; artist 2 unplayed after track 1, played once (track 4) after track 4.
    [InlineData(1, 5, 0.5)]
    [InlineData(4, 5, 0.4)]
    // Track 0 = (1, 0): dot 2, sigmoid(2) = 0.88080; artist 0 played once (track 1) after track 1: 0.70464.
    [InlineData(4, 0, 0.88)]
    [InlineData(1, 0, 0.7)]
    // Track 3 = (-1, -1): dot -3, sigmoid(-8) = 0.000335.
    [InlineData(1, 3, 0.0)]
    [InlineData(4, 3, 0.0)]
    // The first track itself has been played.
    [InlineData(1, 1, 0.0)]
    [InlineData(4, 4, 0.0)]
    public void Listening_time_is_the_rounded_sigmoid_times_gamma_per_play_of_the_artist_and_zero_for_repeats(int first, int track, double expected)
    {
        var listener = Started(user: 0, first);

        Assert.Equal(expected, listener.ListeningTime(track));
    }

    [Fact]
    public void A_track_listened_to_is_a_repeat_and_counts_for_its_artist()
    {
        var listener = Started(user: 0, first: 1);

        Assert.Equal(0.98, listener.Listen(2));
        Assert.Equal(0.0, listener.ListeningTime(2));
        // Track 3 now has artist 1 played once: sigmoid(-8) * 0.8 = 0.00027, still 0.0; track 5 (artist 2) unchanged.
        Assert.Equal(0.0, listener.ListeningTime(3));
        Assert.Equal(0.5, listener.ListeningTime(5));
    }

    /// <summary>One user whose only interest is track 4 = (2, 0) by artist 1 (so every session starts with it, whatever
    /// the seed), and four tracks (1, 0) by artist 0: bias 0, sharpness 1, gamma 0.7, a budget no four plays exhaust.</summary>
    private static MusicWorld OneArtistWorld() => new(2, [1, 0, 1, 0, 1, 0, 1, 0, 2, 0], [0, 0, 0, 0, 1], [0, 0, 0, 0, 0],
        [1, 1, 1, 1, 1], ["a", "b", "c", "d", "e"], ["A0", "A1"], ["G0"],
        [new(0, [4], ConsumeBias: 0.0, ConsumeSharpness: 1.0, SessionBudget: 10, ArtistDiscountGamma: 0.7, InterestNeighbours: 1)]);

    [Theory]
    [InlineData(1ul)]
    [InlineData(2ul)]
    [InlineData(3ul)]
    public void Artist_fatigue_multiplies_by_gamma_per_earlier_play(ulong seed)
    {
        var listener = new Listener(OneArtistWorld());
        listener.Begin(new Rng(seed));
        Assert.Equal(4, listener.Track);

        // Each track of artist 0: dot((1, 0), (2, 0)) = 2, sigmoid(2) = 0.8807971, times 0.7^k after k plays of artist 0:
        // k = 0: 0.8808, 1: 0.6166, 2: 0.4316, 3: 0.3021.
        double[] times = [.. Enumerable.Range(0, 4).Select(listener.Listen)];

        Assert.Equal([0.88, 0.62, 0.43, 0.3], times);
        Assert.False(listener.Done);
    }

    [Fact]
    public void Every_session_has_at_least_budget_plus_one_tracks_and_patience_ends_it()
    {
        var world = Worlds.Small;
        var listener = new Listener(world);
        for (var episode = 0; episode < 300; episode++)
        {
            var rng = new Rng((ulong)episode);
            listener.Begin(Rng.For(99, episode));
            var budget = world.User(listener.User).SessionBudget;
            while (!listener.Done) listener.Listen(rng.NextInt(world.TrackCount));
            Assert.True(listener.Length >= budget + 1, $"episode {episode}: {listener.Length} tracks");
            Assert.False(listener.Capped);
        }
    }

    [Fact]
    public void A_session_that_never_loses_patience_is_capped()
    {
        var world = Worlds.Tiny();
        var listener = new Listener(world, maxSessionLength: 6);
        listener.Begin(new Rng(1));
        var next = 0;
        // Keep offering unplayed tracks; six plays end the session by the cap at the latest.
        while (!listener.Done) listener.Listen(next++ % world.TrackCount);
        Assert.True(listener.Length <= 6);
    }
}
