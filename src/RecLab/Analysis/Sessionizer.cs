using RecLab.Events;

namespace RecLab.Analysis;

/// <summary>How sessions are cut in logs without session ids when one user's concurrent sessions interleave.</summary>
public enum InterleavedSessions
{
    /// <summary>As the course's notebook: a user's rows in time order form one session until each <c>last</c>, so
    /// interleaved sessions are merged (longer, fewer sessions).</summary>
    Merge,
    /// <summary>Follow the chains: each <c>next</c> continues the open session whose last recommendation it played,
    /// which separates concurrent sessions again.</summary>
    SplitByChain,
}

/// <summary>What <see cref="Sessionizer"/> did with the events it was given.</summary>
/// <param name="Events">Events read.</param>
/// <param name="Sessions">Complete sessions built.</param>
/// <param name="DroppedAfterLast">Events after a user's (or session's) last <c>last</c>: sessions still open when the
/// log ends, which the course drops too.</param>
/// <param name="NotInExperiment">Sessions of users the experiment does not cover (no arm in <c>experiments</c>).</param>
/// <param name="BySessionId">True when sessions came from session ids; false when they were cut at <c>last</c> rows
/// per user in time order (the course's logs, which have no ids).</param>
/// <param name="ChainBreaks">In logs without ids: <c>next</c> rows whose track is not the recommendation the user's
/// previous row received, under the order used (<see cref="Order"/>).</param>
/// <param name="UsersWithBreaks">Users with at least one chain break.</param>
/// <param name="Interleaved">How interleaved sessions were handled.</param>
/// <param name="Order">How rows with equal timestamps were ordered.</param>
/// <param name="TiedRows">In logs without ids: rows whose timestamp equals that of another row of the same user, so
/// that the log does not tell their order.</param>
/// <param name="TiedBreaks">The chain breaks next to such a tied row (the break's row or the row before it is tied):
/// breaks the order of ties may explain. The others (<see cref="InterleavedBreaks"/>) lie between rows with distinct
/// timestamps, whose order is certain, so they show a user's concurrent sessions interleaving.</param>
/// <param name="UsersInterleaved">Users with at least one break between distinct timestamps.</param>
public sealed record SessionDiagnostics(long Events, long Sessions, long DroppedAfterLast, long NotInExperiment, bool BySessionId,
    long ChainBreaks = 0, long UsersWithBreaks = 0, InterleavedSessions Interleaved = InterleavedSessions.Merge,
    EventOrder Order = EventOrder.Chain, long TiedRows = 0, long TiedBreaks = 0, long UsersInterleaved = 0)
{
    /// <summary>Chain breaks between rows with distinct timestamps: true interleaving of a user's concurrent sessions.</summary>
    public long InterleavedBreaks => ChainBreaks - TiedBreaks;

    /// <summary>Warnings a reader of the results must see, empty when the log was clean.</summary>
    public IReadOnlyList<string> Warnings
    {
        get
        {
            var warnings = new List<string>();
            if (InterleavedBreaks > 0)
                warnings.Add(Interleaved == InterleavedSessions.Merge
                    ? $"{InterleavedBreaks:N0} requests of {UsersInterleaved:N0} users did not continue the recommendation of the user's previous request although " +
                      "the two have distinct timestamps: concurrent sessions of one user interleave (parallel simulators, or one simulator running a user's " +
                      "sessions concurrently; this log has no session ids). They were merged into one session until each 'last', " +
                      "as the course's notebook does, which lengthens sessions; use InterleavedSessions.SplitByChain (reclab ab --split-interleaved) to separate them."
                    : $"{InterleavedBreaks:N0} requests of {UsersInterleaved:N0} users belonged to interleaved concurrent sessions (distinct timestamps, no session ids in this log); " +
                      "they were separated by following each track to the recommendation it answered.");
            if (TiedBreaks > 0)
                warnings.Add($"{TiedBreaks:N0} requests did not continue the recommendation of the request before them, next to rows with the same timestamp " +
                             $"({TiedRows:N0} rows tie with another row of their user): the log does not tell the order of tied rows, so these breaks are " +
                             "not evidence of concurrent sessions; ties were ordered " +
                             (Order == EventOrder.Chain ? "along the recommendation chain (--order chain)." : "in file order, as the course's notebook with a stable sort (--order course)."));
            if (NotInExperiment > 0) warnings.Add($"{NotInExperiment:N0} sessions belong to users outside the experiment (no arm logged) and were left out.");
            if (DroppedAfterLast > 0) warnings.Add($"{DroppedAfterLast:N0} events after the final 'last' of their user or session (sessions still open when the log ended) were dropped.");
            return warnings;
        }
    }
}

/// <summary>
/// Turns events into sessions the way the course's analysis does: per session (or, for logs without session ids, per
/// user) rows in time order; a <c>last</c> row closes a session; its time includes the first track's 1.0 and its track
/// count includes the first and the last track; rows after the final <c>last</c> are dropped.
/// </summary>
public static class Sessionizer
{
    /// <summary>The complete sessions of <paramref name="experiment"/> in <paramref name="events"/>, rows with equal
    /// timestamps ordered as <paramref name="order"/> says.</summary>
    public static (SessionTable Sessions, SessionDiagnostics Diagnostics) Build(EventTable events, string experiment,
        InterleavedSessions interleaved = InterleavedSessions.Merge, EventOrder order = EventOrder.Chain)
    {
        var n = events.Count;
        var bySession = events.HasSessions;
        var armNames = events.ExperimentsValues.Select((_, c) => events.ArmOfCode(c, experiment)).ToArray();
        var arms = armNames.OfType<string>().Distinct().Order(ArmOrder.Comparer).ToArray();
        var armOfCode = armNames.Select(a => a is null ? -1 : Array.IndexOf(arms, a)).ToArray();

        var groups = EventGroups.Of(events, order);
        var output = new Builder(events, armOfCode, bySession);
        long breaks = 0, tiedBreaks = 0, usersWithBreaks = 0, usersInterleaved = 0;
        for (var g = 0; g < groups.Count; g++)
        {
            var rows = groups[g];
            if (rows.IsEmpty) continue;
            var (groupBreaks, groupTied) = bySession || !events.HasTracks ? (0L, 0L) : CountBreaks(rows, events);
            breaks += groupBreaks;
            tiedBreaks += groupTied;
            if (groupBreaks > 0) usersWithBreaks++;
            if (groupBreaks > groupTied) usersInterleaved++;
            if (groupBreaks > 0 && interleaved == InterleavedSessions.SplitByChain) output.AddChains(rows);
            else output.AddInOrder(rows);
        }
        var table = output.ToTable(experiment, arms);
        return (table, new SessionDiagnostics(n, table.Count, output.Dropped, output.NotInExperiment, bySession, breaks, usersWithBreaks, interleaved,
            order, bySession ? 0 : groups.TiedRows, tiedBreaks, usersInterleaved));
    }

    /// <summary>
    /// The sessions of <paramref name="experiment"/> from per-session sums read straight from a log with session ids
    /// (<see cref="EventLogReader.SummarizeSessions"/>): the same sessions <see cref="Build"/> cuts from the events of a
    /// well-formed log, without holding the events.
    /// </summary>
    public static (SessionTable Sessions, SessionDiagnostics Diagnostics) FromSummaries(SessionSummaries summaries, string experiment)
    {
        var armNames = summaries.ExperimentsValues.Select(v => EventTable.Parse(v).GetValueOrDefault(experiment)).ToArray();
        var arms = armNames.OfType<string>().Distinct().Order(ArmOrder.Comparer).ToArray();
        var armOfCode = armNames.Select(a => a is null ? -1 : Array.IndexOf(arms, a)).ToArray();
        var keep = Enumerable.Range(0, summaries.Count).Where(s => armOfCode[summaries.ExperimentsCode[s]] >= 0)
            .OrderBy(s => summaries.Session[s]).ToArray();
        var table = new SessionTable(experiment, arms,
            keep.Select(s => summaries.User[s]).ToArray(), keep.Select(s => summaries.Session[s]).ToArray(),
            keep.Select(s => armOfCode[summaries.ExperimentsCode[s]]).ToArray(), keep.Select(s => summaries.Tracks[s]).ToArray(),
            keep.Select(s => summaries.Time[s]).ToArray(), keep.Select(s => summaries.Latency[s]).ToArray(), keep.Select(s => summaries.Start[s]).ToArray());
        return (table, new SessionDiagnostics(summaries.Events, table.Count, summaries.DroppedOpen, summaries.Count - keep.Length, BySessionId: true));
    }

    /// <summary>Rows whose track is not what the user's previous <c>next</c> recommended (after a <c>last</c>, any track
    /// may start a new session), and how many of them are next to a tied row (the break's row or the one before it
    /// shares its timestamp with a neighbour in the time-sorted rows).</summary>
    private static (long Breaks, long Tied) CountBreaks(ReadOnlySpan<int> rows, EventTable events)
    {
        long breaks = 0, tied = 0;
        var expected = -1;
        for (var i = 0; i < rows.Length; i++)
        {
            var r = rows[i];
            if (expected >= 0 && events.Track[r] != expected)
            {
                breaks++;
                if (EventGroups.IsTied(rows, i, events.Timestamp) || EventGroups.IsTied(rows, i - 1, events.Timestamp)) tied++;
            }
            expected = events.IsLast[r] ? -1 : events.Recommendation[r];
        }
        return (breaks, tied);
    }

    private sealed class Builder(EventTable events, int[] armOfCode, bool bySession)
    {
        private readonly List<int> _user = [];
        private readonly List<long> _session = [];
        private readonly List<int> _arm = [];
        private readonly List<int> _tracks = [];
        private readonly List<double> _time = [];
        private readonly List<double> _latency = [];
        private readonly List<long> _start = [];

        public long Dropped { get; private set; }
        public long NotInExperiment { get; private set; }

        /// <summary>Sessions are consecutive rows ending at each <c>last</c>.</summary>
        public void AddInOrder(ReadOnlySpan<int> rows)
        {
            var open = new Open();
            foreach (var r in rows)
            {
                open.Add(events, r);
                if (!events.IsLast[r]) continue;
                Emit(open, r);
                open = new Open();
            }
            Dropped += open.Count;
        }

        /// <summary>Sessions follow track → recommendation chains; a <c>next</c> that continues no open chain starts one.</summary>
        public void AddChains(ReadOnlySpan<int> rows)
        {
            var open = new List<(int Expected, Open Session)>();
            foreach (var r in rows)
            {
                var at = open.FindIndex(o => o.Expected == events.Track[r]);
                var session = at >= 0 ? open[at].Session : new Open();
                if (at >= 0) open.RemoveAt(at);
                session.Add(events, r);
                if (events.IsLast[r]) Emit(session, r);
                else open.Add((events.Recommendation[r], session));
            }
            Dropped += open.Sum(o => o.Session.Count);
        }

        private void Emit(Open session, int lastRow)
        {
            var arm = armOfCode[events.ExperimentsCode[lastRow]];
            if (arm < 0)
            {
                NotInExperiment++;
                return;
            }
            _user.Add(events.User[lastRow]);
            _session.Add(bySession ? events.Session[lastRow] : -1);
            _arm.Add(arm);
            _tracks.Add(session.Count);
            _time.Add(session.Time);
            _latency.Add(session.Latency);
            _start.Add(session.Start);
        }

        public SessionTable ToTable(string experiment, string[] arms) =>
            new(experiment, arms, _user.ToArray(), _session.ToArray(), _arm.ToArray(), _tracks.ToArray(), _time.ToArray(), _latency.ToArray(), _start.ToArray());
    }

    private sealed class Open
    {
        public int Count;
        public double Time;
        public double Latency;
        public long Start;

        public void Add(EventTable events, int row)
        {
            if (Count++ == 0) Start = events.Timestamp[row];
            Time += events.Time[row];
            Latency += events.Latency[row];
        }
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
