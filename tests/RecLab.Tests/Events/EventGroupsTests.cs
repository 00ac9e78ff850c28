using RecLab.Events;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Events;

public sealed class EventGroupsTests
{
    [Fact]
    public void Requests_logged_in_one_millisecond_by_different_replicas_follow_the_sessions_chain()
    {
        // One session: 10 -> 11 -> 12 -> last 13; replica files put 12 (and the last) before 11 at the same millisecond.
        var events = new EventsBuilder()
            .Next(1, 100, 10, 1.0, 11, session: 5)
            .Last(1, 101, 13, 0.2, session: 5)
            .Next(1, 101, 12, 0.5, 13, session: 5)
            .Next(1, 101, 11, 0.7, 12, session: 5)
            .Build();

        var groups = EventGroups.Of(events);

        Assert.Equal([10, 11, 12, 13], groups[0].ToArray().Select(r => events.Track[r]));
    }

    [Fact]
    public void Groups_come_in_session_id_order_with_rows_in_time_order()
    {
        var events = new EventsBuilder()
            .Next(1, 50, 1, 1.0, 2, session: 9).Next(2, 10, 3, 1.0, 4, session: 2).Last(1, 40, 5, 0.5, session: 9).Last(2, 11, 4, 0.5, session: 2)
            .Build();

        var groups = EventGroups.Of(events);

        Assert.True(groups.BySession);
        Assert.Equal(2, groups.Count);
        Assert.Equal([1, 3], groups[0].ToArray());
        Assert.Equal([2, 0], groups[1].ToArray());
    }
}
