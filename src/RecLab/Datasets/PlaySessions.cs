using RecLab.Events;

namespace RecLab.Datasets;

/// <summary>
/// Listening sessions read from an event log, as ordered plays: every event reports one played track and how much of
/// it was heard (a <c>next</c> the track before the request, a <c>last</c> the session's final track). Sessions are cut by
/// session id when the log has them, otherwise per user at each <c>last</c> (the course's logs); they are ordered by
/// start time, so any prefix of them is "the past" of the rest. Training data for DSSM and CORE starts here.
/// </summary>
public sealed class PlaySessions
{
    private readonly int[] _offsets;

    /// <summary>Sessions from flat arrays; <paramref name="offsets"/> has one entry per session plus the end.</summary>
    public PlaySessions(int[] user, int[] offsets, int[] track, double[] time, long[] timestamp)
    {
        if (offsets.Length != user.Length + 1 || offsets[^1] != track.Length || time.Length != track.Length || timestamp.Length != track.Length)
            throw new ArgumentException("inconsistent session arrays.");
        User = user;
        _offsets = offsets;
        Track = track;
        Time = time;
        Timestamp = timestamp;
    }

    /// <summary>Number of sessions.</summary>
    public int Count => User.Length;

    /// <summary>Number of plays over all sessions.</summary>
    public int Plays => Track.Length;

    /// <summary>Each session's user.</summary>
    public int[] User { get; }

    /// <summary>Track of each play, sessions one after another.</summary>
    public int[] Track { get; }

    /// <summary>Fraction listened of each play.</summary>
    public double[] Time { get; }

    /// <summary>Timestamp of each play (ms).</summary>
    public long[] Timestamp { get; }

    /// <summary>Index of the first play of <paramref name="session"/>.</summary>
    public int Start(int session) => _offsets[session];

    /// <summary>Plays in <paramref name="session"/>.</summary>
    public int Length(int session) => _offsets[session + 1] - _offsets[session];

    /// <summary>The tracks of <paramref name="session"/> in order.</summary>
    public ReadOnlySpan<int> Tracks(int session) => Track.AsSpan(_offsets[session], Length(session));

    /// <summary>The listening times of <paramref name="session"/> in order.</summary>
    public ReadOnlySpan<double> Times(int session) => Time.AsSpan(_offsets[session], Length(session));

    /// <summary>Reads the sessions of <paramref name="events"/> (which must carry tracks).</summary>
    /// <exception cref="InvalidDataException">The log has no track column.</exception>
    public static PlaySessions FromEvents(EventTable events)
    {
        if (!events.HasTracks) throw new InvalidDataException("the event log has no 'track' column: training data needs which tracks were played.");
        var groups = EventGroups.Of(events);
        var cuts = new List<(int User, long Start, int[] Rows)>();
        var open = new List<int>();
        for (var g = 0; g < groups.Count; g++)
        {
            open.Clear();
            foreach (var row in groups[g])
            {
                open.Add(row);
                if (!groups.BySession && events.IsLast[row]) Cut();
            }
            Cut();
        }
        cuts.Sort((a, b) => a.Start.CompareTo(b.Start));
        var offsets = new int[cuts.Count + 1];
        for (var s = 0; s < cuts.Count; s++) offsets[s + 1] = offsets[s] + cuts[s].Rows.Length;
        var track = new int[offsets[^1]];
        var time = new double[offsets[^1]];
        var timestamp = new long[offsets[^1]];
        var at = 0;
        foreach (var (_, _, rows) in cuts)
            foreach (var row in rows)
            {
                track[at] = events.Track[row];
                time[at] = events.Time[row];
                timestamp[at++] = events.Timestamp[row];
            }
        return new PlaySessions(cuts.Select(c => c.User).ToArray(), offsets, track, time, timestamp);

        void Cut()
        {
            if (open.Count == 0) return;
            cuts.Add((events.User[open[0]], events.Timestamp[open[0]], open.ToArray()));
            open.Clear();
        }
    }

    /// <summary>The same sessions with only the plays listened to more than <paramref name="threshold"/> (the course
    /// calls them liked: <c>time &gt; 0.8</c>); sessions left empty are dropped.</summary>
    public PlaySessions Liked(double threshold)
    {
        var user = new List<int>();
        var offsets = new List<int> { 0 };
        var track = new List<int>();
        var time = new List<double>();
        var timestamp = new List<long>();
        for (var s = 0; s < Count; s++)
        {
            for (var i = Start(s); i < Start(s) + Length(s); i++)
            {
                if (!(Time[i] > threshold)) continue;
                track.Add(Track[i]);
                time.Add(Time[i]);
                timestamp.Add(Timestamp[i]);
            }
            if (track.Count == offsets[^1]) continue;
            user.Add(User[s]);
            offsets.Add(track.Count);
        }
        return new PlaySessions([.. user], [.. offsets], [.. track], [.. time], [.. timestamp]);
    }
}
