using Microsoft.Data.Analysis;

namespace RecLab.Analysis;

/// <summary>
/// One row per complete listening session of one experiment: who, which arm, how many tracks (the first and the
/// last included), total listening time (the first track's 1.0 included), and summed service latency.
/// </summary>
public sealed class SessionTable
{
    /// <summary>Creates the table over its columns.</summary>
    public SessionTable(string experiment, string[] arms, int[] user, long[] session, int[] arm, int[] tracks,
        double[] time, double[] latency, long[] start)
    {
        Experiment = experiment;
        Arms = arms;
        User = user;
        Session = session;
        Arm = arm;
        Tracks = tracks;
        Time = time;
        Latency = latency;
        Start = start;
    }

    /// <summary>The experiment whose arms label the sessions.</summary>
    public string Experiment { get; }

    /// <summary>Arm names, sorted (C before T1 before T2 ...); <see cref="Arm"/> indexes into it.</summary>
    public string[] Arms { get; }

    /// <summary>Number of sessions.</summary>
    public int Count => User.Length;

    /// <summary>User of each session.</summary>
    public int[] User { get; }

    /// <summary>Session id, or -1 where the log had none (sessions were cut at <c>last</c> rows).</summary>
    public long[] Session { get; }

    /// <summary>Arm index of each session.</summary>
    public int[] Arm { get; }

    /// <summary>Tracks in each session, the first and the last included (= the session's events).</summary>
    public int[] Tracks { get; }

    /// <summary>Listening time of each session, the first track's 1.0 included.</summary>
    public double[] Time { get; }

    /// <summary>Summed service latency of each session, in seconds.</summary>
    public double[] Latency { get; }

    /// <summary>Timestamp (ms) of each session's first event.</summary>
    public long[] Start { get; }

    /// <summary>Sessions per arm, mean tracks and mean time per session per arm.</summary>
    public DataFrame ArmSummary()
    {
        var sessions = new long[Arms.Length];
        var tracks = new double[Arms.Length];
        var time = new double[Arms.Length];
        var users = Arms.Select(_ => new HashSet<int>()).ToArray();
        for (var i = 0; i < Count; i++)
        {
            sessions[Arm[i]]++;
            tracks[Arm[i]] += Tracks[i];
            time[Arm[i]] += Time[i];
            users[Arm[i]].Add(User[i]);
        }
        return new DataFrame(
            new StringDataFrameColumn("arm", Arms),
            new Int64DataFrameColumn("users", users.Select(u => (long)u.Count)),
            new Int64DataFrameColumn("sessions", sessions),
            new DoubleDataFrameColumn("mean_tracks_per_session", tracks.Select((t, a) => sessions[a] == 0 ? double.NaN : t / sessions[a])),
            new DoubleDataFrameColumn("mean_time_per_session", time.Select((t, a) => sessions[a] == 0 ? double.NaN : t / sessions[a])));
    }

    /// <summary>The sessions as a DataFrame: <c>user, session, arm, tracks, time, latency, start</c>.</summary>
    public DataFrame ToDataFrame() => new(
        new Int32DataFrameColumn("user", User),
        new Int64DataFrameColumn("session", Session),
        new StringDataFrameColumn("arm", Arm.Select(a => Arms[a])),
        new Int32DataFrameColumn("tracks", Tracks),
        new DoubleDataFrameColumn("time", Time),
        new DoubleDataFrameColumn("latency", Latency),
        new Int64DataFrameColumn("start", Start));
}
