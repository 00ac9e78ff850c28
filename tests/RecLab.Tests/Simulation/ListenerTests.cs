using RecLab.Simulation;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Simulation;

public sealed class ListenerTests
{
    private static Listener StartedFor(int user, out int first)
    {
        var world = Worlds.Tiny();
        var listener = new Listener(world);
        for (ulong seed = 0; ; seed++)
        {
            listener.Begin(new Rng(seed));
            if (listener.User == user) break;
        }
        first = listener.Track;
        return listener;
    }

    [Fact]
    public void Listening_time_is_the_rounded_sigmoid_with_artist_fatigue_and_zero_for_repeats()
    {
        // User 0: interest track 1 = (2, 1), bias 1, sharpness 2, gamma 0.8; interest neighbours (k = 2): tracks 4 and 1.
        var listener = StartedFor(0, out var first);
        Assert.Contains(first, new[] { 4, 1 });

        // Track 2 = (0, 3): dot 3, sigmoid((3 - 1) * 2) = 0.98201..., artist 1 unplayed -> 0.98.
        Assert.Equal(0.98, listener.ListeningTime(2));
        // Track 5 = (0.5, 0): dot 1, sigmoid(0) = 0.5; artist 2 played once if the first track was 4 -> 0.5 * 0.8 = 0.4.
        Assert.Equal(first == 4 ? 0.4 : 0.5, listener.ListeningTime(5));
        // Track 3 = (-1, -1): dot -3, sigmoid(-8) = 0.000335 -> 0.0.
        Assert.Equal(0.0, listener.ListeningTime(3));
        // The first track itself has been played: 0.
        Assert.Equal(0.0, listener.ListeningTime(first));

        listener.Listen(2);
        // Track 3 shares artist 1 with track 2 now played: still 0.0 (small); track 2 again is a repeat: 0.
        Assert.Equal(0.0, listener.ListeningTime(2));
    }

    [Fact]
    public void Artist_fatigue_multiplies_by_gamma_per_earlier_play()
    {
        // User 1: interests 2 and 4 (k = 1), bias 5, sharpness 1, gamma 0.5.
        var listener = StartedFor(1, out var first);
        // Track 4 = (3, 3) against interest 2 = (0, 3): dot 9, sigmoid(4) = 0.98201.
        // Against interest 4 = (3, 3): dot 18, sigmoid(13) = 0.999998.
        var expected4 = first == 2 ? 0.98 : 0.0;
        Assert.Equal(expected4, listener.ListeningTime(4));
        if (first == 2)
        {
            listener.Listen(4);
            // Track 5 = (0.5, 0) is by artist 2 like track 4: dot 0 -> sigmoid(-5) = 0.00669 * 0.5 = 0.0033 -> 0.0.
            Assert.Equal(0.0, listener.ListeningTime(5));
        }
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
