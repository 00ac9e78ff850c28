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
    public void Rows_with_steps_follow_the_steps_where_a_chain_that_revisits_a_track_cannot_tell_the_order()
    {
        // One session 10 -> 11 -> 10 -> last 12, all in one millisecond, files in the order step 3, 1, 4, 2: every track
        // is some row's recommendation, so the chain has no head; the steps say the order exactly.
        var events = new EventsBuilder()
            .Next(1, 100, 10, 0.5, 12, session: 5, step: 3)
            .Next(1, 100, 10, 1.0, 11, session: 5, step: 1)
            .Last(1, 100, 12, 0.2, session: 5, step: 4)
            .Next(1, 100, 11, 0.7, 10, session: 5, step: 2)
            .Build();

        foreach (var order in new[] { EventOrder.Chain, EventOrder.Course })
        {
            var groups = EventGroups.Of(events, order);
            Assert.Equal([1, 3, 0, 2], groups[0].ToArray());
            Assert.Equal(0, groups.TiedRows);
        }
        var withoutSteps = new EventsBuilder()
            .Next(1, 100, 10, 0.5, 12, session: 5).Next(1, 100, 10, 1.0, 11, session: 5).Last(1, 100, 12, 0.2, session: 5).Next(1, 100, 11, 0.7, 10, session: 5)
            .Build();
        Assert.NotEqual([1, 3, 0, 2], EventGroups.Of(withoutSteps)[0].ToArray());
        Assert.Equal(4, EventGroups.Of(withoutSteps).TiedRows);
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

    private static List<int[]> Tracks(EventTable events, EventOrder order)
    {
        var groups = EventGroups.Of(events, order);
        return Enumerable.Range(0, groups.Count).Select(g => groups[g].ToArray().Select(r => events.Track[r]).ToArray()).ToList();
    }

    [Fact]
    public void Course_order_keeps_tied_rows_in_the_order_the_folders_were_given_and_chain_order_follows_the_chain_either_way()
    {
        using var dir = new TempDir();
        var (a, b) = TiedCourseLog.ThreeUsers(dir);
        var ab = CourseJsonLog.Read([a, b], false, out _);
        var ba = CourseJsonLog.Read([b, a], false, out _);

        // Hand-sorted: a stable sort by timestamp of the concatenation a then b (or b then a).
        Assert.Equal([[10, 12, 11, 13], [20, 21, 22], [30, 32, 31]], Tracks(ab, EventOrder.Course));
        Assert.Equal([[10, 11, 12, 13], [21, 20, 22], [31, 30, 32]], Tracks(ba, EventOrder.Course));
        Assert.Equal([[10, 11, 12, 13], [20, 21, 22], [30, 31, 32]], Tracks(ab, EventOrder.Chain));
        Assert.Equal([[10, 11, 12, 13], [20, 21, 22], [30, 31, 32]], Tracks(ba, EventOrder.Chain));
        // Tied rows by hand: 11 and 12 of user 1, 20 and 21 of user 2, all three of user 3.
        Assert.Equal(7, EventGroups.Of(ab, EventOrder.Course).TiedRows);
        Assert.Equal(7, EventGroups.Of(ba, EventOrder.Chain).TiedRows);
    }
}
