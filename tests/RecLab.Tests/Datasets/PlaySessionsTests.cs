using RecLab.Datasets;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Datasets;

public sealed class PlaySessionsTests
{
    [Fact]
    public void Sessions_are_cut_by_id_and_ordered_by_start_whatever_the_file_order()
    {
        var events = new EventsBuilder()
            .Next(1, 200, 10, 1.0, 11, session: 9).Last(1, 201, 11, 0.9, session: 9)
            .Next(2, 100, 20, 1.0, 21, session: 4).Next(2, 102, 21, 0.3, 22, session: 4).Last(2, 103, 22, 0.85, session: 4)
            .Build();

        var sessions = PlaySessions.FromEvents(events);

        Assert.Equal(2, sessions.Count);
        Assert.Equal([2, 1], sessions.User);
        Assert.Equal([20, 21, 22], sessions.Tracks(0).ToArray());
        Assert.Equal([1.0, 0.3, 0.85], sessions.Times(0).ToArray());
        Assert.Equal([10, 11], sessions.Tracks(1).ToArray());
    }

    [Fact]
    public void Without_session_ids_a_users_plays_are_cut_at_each_last()
    {
        var events = new EventsBuilder()
            .Next(3, 1, 30, 1.0, 31).Last(3, 2, 31, 0.5)
            .Next(3, 3, 40, 1.0, 41).Next(3, 4, 41, 0.9, 42)
            .Build();

        var sessions = PlaySessions.FromEvents(events);

        Assert.Equal(2, sessions.Count);
        Assert.Equal([30, 31], sessions.Tracks(0).ToArray());
        Assert.Equal([40, 41], sessions.Tracks(1).ToArray());
    }

    [Fact]
    public void Liked_keeps_plays_heard_more_than_the_threshold_and_drops_sessions_left_empty()
    {
        var sessions = new PlaySessions([1, 2], [0, 3, 5], [10, 11, 12, 20, 21], [0.81, 0.8, 0.95, 0.5, 0.2], [1, 2, 3, 4, 5]);

        var liked = sessions.Liked(0.8);

        Assert.Equal(1, liked.Count);
        Assert.Equal([1], liked.User);
        Assert.Equal([10, 12], liked.Tracks(0).ToArray());
        Assert.Equal([1L, 3L], liked.Timestamp);
    }
}
