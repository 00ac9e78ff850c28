using RecLab.Events;

namespace RecLab.Analysis;

/// <summary>What <see cref="Sessionizer"/> did with the events it was given.</summary>
/// <param name="Events">Events read.</param>
/// <param name="Sessions">Complete sessions built.</param>
/// <param name="DroppedAfterLast">Events after a user's (or session's) last <c>last</c>: sessions still open when the
/// log ends, which the course drops too.</param>
/// <param name="NotInExperiment">Sessions of users the experiment does not cover (no arm in <c>experiments</c>).</param>
/// <param name="BySessionId">True when sessions came from session ids; false when they were cut at <c>last</c> rows
/// per user in time order (the course's logs, which have no ids).</param>
public sealed record SessionDiagnostics(long Events, long Sessions, long DroppedAfterLast, long NotInExperiment, bool BySessionId);

/// <summary>
/// Turns events into sessions the way the course's analysis does: per session (or, for logs without session ids, per
/// user) rows in time order; a <c>last</c> row closes a session; its time includes the first track's 1.0 and its track
/// count includes the first and the last track; rows after the final <c>last</c> are dropped.
/// </summary>
public static class Sessionizer
{
    /// <summary>The complete sessions of <paramref name="experiment"/> in <paramref name="events"/>.</summary>
    public static (SessionTable Sessions, SessionDiagnostics Diagnostics) Build(EventTable events, string experiment)
    {
        var n = events.Count;
        var bySession = events.HasSessions;
        var armOfCode = new int[events.ExperimentsValues.Length];
        var armNames = events.ExperimentsValues.Select((_, c) => events.ArmOfCode(c, experiment)).ToArray();
        var arms = armNames.OfType<string>().Distinct().Order(ArmOrder.Comparer).ToArray();
        for (var c = 0; c < armOfCode.Length; c++) armOfCode[c] = armNames[c] is { } a ? Array.IndexOf(arms, a) : -1;

        var (groupOf, groups) = bySession ? Dense(events.Session, n) : (events.User.AsSpan(0, n).ToArray(), events.User.Take(n).DefaultIfEmpty(-1).Max() + 1);
        var order = CountingSort(groupOf, groups, n, out var groupStart);
        var user = new List<int>();
        var session = new List<long>();
        var arm = new List<int>();
        var tracks = new List<int>();
        var time = new List<double>();
        var latency = new List<double>();
        var start = new List<long>();
        long dropped = 0, notInExperiment = 0;
        for (var g = 0; g < groups; g++)
        {
            var rows = order.AsSpan(groupStart[g], groupStart[g + 1] - groupStart[g]);
            SortByTime(rows, events.Timestamp);
            int count = 0;
            double sumTime = 0, sumLatency = 0;
            long first = 0;
            foreach (var r in rows)
            {
                if (count == 0) first = events.Timestamp[r];
                count++;
                sumTime += events.Time[r];
                sumLatency += events.Latency[r];
                if (!events.IsLast[r]) continue;
                var a = armOfCode[events.ExperimentsCode[r]];
                if (a < 0) notInExperiment++;
                else
                {
                    user.Add(events.User[r]);
                    session.Add(bySession ? events.Session[r] : -1);
                    arm.Add(a);
                    tracks.Add(count);
                    time.Add(sumTime);
                    latency.Add(sumLatency);
                    start.Add(first);
                }
                count = 0;
                sumTime = sumLatency = 0;
            }
            dropped += count;
        }
        var table = new SessionTable(experiment, arms, user.ToArray(), session.ToArray(), arm.ToArray(), tracks.ToArray(),
            time.ToArray(), latency.ToArray(), start.ToArray());
        return (table, new SessionDiagnostics(n, table.Count, dropped, notInExperiment, bySession));
    }

    private static (int[] GroupOf, int Groups) Dense(long[] keys, int n)
    {
        var ids = new Dictionary<long, int>();
        var groupOf = new int[n];
        for (var i = 0; i < n; i++)
        {
            if (!ids.TryGetValue(keys[i], out var g)) ids[keys[i]] = g = ids.Count;
            groupOf[i] = g;
        }
        return (groupOf, ids.Count);
    }

    private static int[] CountingSort(int[] groupOf, int groups, int n, out int[] groupStart)
    {
        groupStart = new int[groups + 1];
        for (var i = 0; i < n; i++) groupStart[groupOf[i] + 1]++;
        for (var g = 0; g < groups; g++) groupStart[g + 1] += groupStart[g];
        var next = groupStart[..^1].ToArray();
        var order = new int[n];
        for (var i = 0; i < n; i++) order[next[groupOf[i]]++] = i;
        return order;
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

/// <summary>Orders arm names as the course numbers them: C first, then T1, T2, ..., T10 by number, then others.</summary>
public static class ArmOrder
{
    /// <summary>The comparer.</summary>
    public static IComparer<string> Comparer { get; } = Comparer<string>.Create(Compare);

    private static int Compare(string? a, string? b)
    {
        var (ka, kb) = (Key(a ?? ""), Key(b ?? ""));
        var c = ka.Rank.CompareTo(kb.Rank);
        if (c != 0) return c;
        c = ka.Number.CompareTo(kb.Number);
        return c != 0 ? c : string.CompareOrdinal(a, b);
    }

    private static (int Rank, int Number) Key(string arm) =>
        arm == "C" ? (0, 0)
        : arm.Length > 1 && arm[0] == 'T' && int.TryParse(arm.AsSpan(1), out var k) ? (1, k)
        : (2, 0);
}
