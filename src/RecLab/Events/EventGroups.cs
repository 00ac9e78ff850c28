namespace RecLab.Events;

/// <summary>
/// The rows of an event log grouped by session id (when the log has them) or else by user, each group's rows in time
/// order, groups in canonical order (by session id or user id), whatever the order of the files the log was read from.
/// Under <see cref="EventOrder.Chain"/> (the default), requests of one session that several replicas logged within the
/// same millisecond are put in the order of the session's chain (each <c>next</c>'s recommendation is the track of the
/// request after it; a <c>last</c> comes after the <c>next</c>s of its millisecond), not in file order; under
/// <see cref="EventOrder.Course"/> tied rows keep file order (a stable sort by time, as the course's notebook would do
/// with a stable sort). Sessions whose every row carries a step number (RecLab's own logs since format 3, see
/// <see cref="EventLogSchema.Step"/>) are ordered by step instead, which is exact: their rows are never tied, whatever
/// the order asked for. Sessionizing (A/B analysis) and training data start here.
/// </summary>
public sealed class EventGroups
{
    private readonly int[] _rows;
    private readonly int[] _start;
    private readonly int[] _order;

    private EventGroups(bool bySession, long tiedRows, int[] rows, int[] start, int[] order)
    {
        BySession = bySession;
        TiedRows = tiedRows;
        _rows = rows;
        _start = start;
        _order = order;
    }

    /// <summary>Whether groups are sessions (by session id) rather than users.</summary>
    public bool BySession { get; }

    /// <summary>Rows whose timestamp equals that of another row of their group (user or session) and whose relative
    /// order the log does not tell (rows of a session ordered by step are never counted).</summary>
    public long TiedRows { get; }

    /// <summary>Number of groups.</summary>
    public int Count => _order.Length;

    /// <summary>The rows of the <paramref name="index"/>-th group in canonical order, sorted by time.</summary>
    public ReadOnlySpan<int> this[int index] => _rows.AsSpan(_start[_order[index]], _start[_order[index] + 1] - _start[_order[index]]);

    /// <summary>Groups <paramref name="events"/>, ordering tied rows as <paramref name="tieOrder"/> says.</summary>
    public static EventGroups Of(EventTable events, EventOrder tieOrder = EventOrder.Chain)
    {
        var n = events.Count;
        var bySession = events.HasSessions;
        var (groupOf, groups) = bySession ? Dense(events.Session, n) : Dense(events.User, n);
        var firstRow = new int[groups];
        for (var i = n - 1; i >= 0; i--) firstRow[groupOf[i]] = i;
        var order = Enumerable.Range(0, groups).ToArray();
        if (bySession) Array.Sort(order, (a, b) => events.Session[firstRow[a]].CompareTo(events.Session[firstRow[b]]));
        else Array.Sort(order, (a, b) => events.User[firstRow[a]].CompareTo(events.User[firstRow[b]]));

        var start = new int[groups + 1];
        for (var i = 0; i < n; i++) start[groupOf[i] + 1]++;
        for (var g = 0; g < groups; g++) start[g + 1] += start[g];
        var next = start[..^1].ToArray();
        var rows = new int[n];
        for (var i = 0; i < n; i++) rows[next[groupOf[i]]++] = i;
        long tied = 0;
        for (var g = 0; g < groups; g++)
        {
            var group = rows.AsSpan(start[g], start[g + 1] - start[g]);
            if (bySession && SortByStep(group, events.Step)) continue;
            SortByTime(group, events.Timestamp);
            tied += CountTied(group, events.Timestamp);
            if (tieOrder == EventOrder.Chain) OrderTiesByChain(group, events);
        }
        return new EventGroups(bySession, tied, rows, start, order);
    }

    private static (int[] GroupOf, int Groups) Dense<T>(T[] keys, int n) where T : notnull
    {
        var ids = new Dictionary<T, int>();
        var groupOf = new int[n];
        for (var i = 0; i < n; i++)
        {
            if (!ids.TryGetValue(keys[i], out var g)) ids[keys[i]] = g = ids.Count;
            groupOf[i] = g;
        }
        return (groupOf, ids.Count);
    }

    /// <summary>Rows of a time-sorted group that share their timestamp with a neighbour.</summary>
    private static long CountTied(ReadOnlySpan<int> rows, long[] timestamp)
    {
        long tied = 0;
        for (var i = 0; i < rows.Length; i++)
            if (IsTied(rows, i, timestamp)) tied++;
        return tied;
    }

    /// <summary>Whether the <paramref name="i"/>-th of time-sorted <paramref name="rows"/> shares its timestamp with a
    /// neighbour (false outside the rows): the log does not tell its place among them.</summary>
    internal static bool IsTied(ReadOnlySpan<int> rows, int i, long[] timestamp) =>
        i >= 0 && i < rows.Length
        && ((i > 0 && timestamp[rows[i - 1]] == timestamp[rows[i]]) || (i + 1 < rows.Length && timestamp[rows[i + 1]] == timestamp[rows[i]]));

    /// <summary>Within each run of rows with one timestamp, puts first the row that continues the chain from the row
    /// before the run (its track is that row's recommendation), then the next one, and so on. Where nothing in the run
    /// continues the chain (the run opens the group, follows a <c>last</c>, or its predecessor's recommendation is not
    /// in it), the run's head comes next: a row whose track no other remaining <c>next</c> of the run recommended,
    /// <c>next</c> before <c>last</c>, so that a session's first requests are ordered whatever the order of the
    /// replicas' files. Rows that neither continue nor head a chain keep their order, <c>next</c> before <c>last</c>.</summary>
    private static void OrderTiesByChain(Span<int> rows, EventTable events)
    {
        var chain = events.HasTracks;
        for (var i = 0; i < rows.Length;)
        {
            var end = i + 1;
            while (end < rows.Length && events.Timestamp[rows[end]] == events.Timestamp[rows[i]]) end++;
            if (end - i > 1)
            {
                var expected = chain && i > 0 && !events.IsLast[rows[i - 1]] ? events.Recommendation[rows[i - 1]] : -1;
                for (var k = i; k < end; k++)
                {
                    var pick = chain ? Continuing(rows, k, end, expected, events) : -1;
                    if (pick < 0 && chain) pick = Head(rows, k, end, events);
                    if (pick < 0) pick = FirstNext(rows, k, end, events);
                    (rows[k], rows[pick]) = (rows[pick], rows[k]);
                    expected = !chain || events.IsLast[rows[k]] ? -1 : events.Recommendation[rows[k]];
                }
            }
            i = end;
        }
    }

    /// <summary>The first index in [<paramref name="from"/>, <paramref name="end"/>) whose track is <paramref name="expected"/>, or -1.</summary>
    private static int Continuing(Span<int> rows, int from, int end, int expected, EventTable events)
    {
        if (expected < 0) return -1;
        for (var j = from; j < end; j++)
            if (events.Track[rows[j]] == expected) return j;
        return -1;
    }

    /// <summary>The first index in [<paramref name="from"/>, <paramref name="end"/>), a <c>next</c> if there is one,
    /// whose track is not the recommendation of another <c>next</c> in that range; -1 if every row continues one.</summary>
    private static int Head(Span<int> rows, int from, int end, EventTable events)
    {
        var found = -1;
        for (var j = from; j < end; j++)
        {
            var recommended = false;
            for (var m = from; m < end && !recommended; m++)
                recommended = m != j && !events.IsLast[rows[m]] && events.Recommendation[rows[m]] == events.Track[rows[j]];
            if (recommended) continue;
            if (!events.IsLast[rows[j]]) return j;
            if (found < 0) found = j;
        }
        return found;
    }

    /// <summary>The first <c>next</c> in [<paramref name="from"/>, <paramref name="end"/>), or <paramref name="from"/> if all are <c>last</c>.</summary>
    private static int FirstNext(Span<int> rows, int from, int end, EventTable events)
    {
        for (var j = from; j < end; j++)
            if (!events.IsLast[rows[j]]) return j;
        return from;
    }

    /// <summary>Sorts a session's rows by step when every row has one (false, leaving the rows as they are, when not);
    /// equal steps keep file order.</summary>
    private static bool SortByStep(Span<int> rows, int[] step)
    {
        foreach (var r in rows)
            if (step[r] <= 0) return false;
        var keys = new (int Step, int Row)[rows.Length];
        for (var i = 0; i < rows.Length; i++) keys[i] = (step[rows[i]], rows[i]);
        Array.Sort(keys);
        for (var i = 0; i < rows.Length; i++) rows[i] = keys[i].Row;
        return true;
    }

    /// <summary>Sorts row indices by timestamp, keeping file order among equal timestamps (rows are usually sorted
    /// already, which is checked first).</summary>
    private static void SortByTime(Span<int> rows, long[] timestamp)
    {
        var sorted = true;
        for (var i = 1; i < rows.Length && sorted; i++) sorted = timestamp[rows[i - 1]] <= timestamp[rows[i]];
        if (sorted) return;
        var keys = new (long Time, int Row)[rows.Length];
        for (var i = 0; i < rows.Length; i++) keys[i] = (timestamp[rows[i]], rows[i]);
        Array.Sort(keys);
        for (var i = 0; i < rows.Length; i++) rows[i] = keys[i].Row;
    }
}
