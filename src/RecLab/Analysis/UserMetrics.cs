using Microsoft.Data.Analysis;

namespace RecLab.Analysis;

/// <summary>
/// One row per (user, arm) with the course's per-user metrics (<see cref="AbMetrics"/>), the unit the A/B tests compare:
/// users, not sessions, are what the experiment randomises.
/// </summary>
public sealed class UserMetrics
{
    private readonly Dictionary<string, double[]> _values;

    private UserMetrics(string experiment, string[] arms, int[] user, int[] arm, Dictionary<string, double[]> values)
    {
        Experiment = experiment;
        Arms = arms;
        User = user;
        Arm = arm;
        _values = values;
    }

    /// <summary>The experiment.</summary>
    public string Experiment { get; }

    /// <summary>Arm names; <see cref="Arm"/> indexes into it.</summary>
    public string[] Arms { get; }

    /// <summary>Rows.</summary>
    public int Count => User.Length;

    /// <summary>User of each row.</summary>
    public int[] User { get; }

    /// <summary>Arm index of each row.</summary>
    public int[] Arm { get; }

    /// <summary>All values of <paramref name="metric"/>, one per row.</summary>
    public double[] Values(string metric) =>
        _values.TryGetValue(metric, out var v) ? v : throw new ArgumentException($"unknown metric '{metric}' (known: {string.Join(", ", AbMetrics.All)}).", nameof(metric));

    /// <summary>The values of <paramref name="metric"/> for the users of <paramref name="arm"/>.</summary>
    public double[] Values(string metric, string arm)
    {
        var index = Array.IndexOf(Arms, arm);
        var values = Values(metric);
        return Enumerable.Range(0, Count).Where(i => Arm[i] == index).Select(i => values[i]).ToArray();
    }

    /// <summary>Users per arm.</summary>
    public long[] UsersPerArm()
    {
        var counts = new long[Arms.Length];
        foreach (var a in Arm) counts[a]++;
        return counts;
    }

    /// <summary>Aggregates sessions per (user, arm).</summary>
    public static UserMetrics From(SessionTable sessions)
    {
        var rows = new Dictionary<(int User, int Arm), int>();
        var users = new List<int>();
        var arms = new List<int>();
        var count = new List<double>();
        var time = new List<double>();
        var tracks = new List<double>();
        var latency = new List<double>();
        for (var s = 0; s < sessions.Count; s++)
        {
            var key = (sessions.User[s], sessions.Arm[s]);
            if (!rows.TryGetValue(key, out var r))
            {
                rows[key] = r = users.Count;
                users.Add(key.Item1);
                arms.Add(key.Item2);
                count.Add(0);
                time.Add(0);
                tracks.Add(0);
                latency.Add(0);
            }
            count[r]++;
            time[r] += sessions.Time[s];
            tracks[r] += sessions.Tracks[s];
            latency[r] += sessions.Latency[s];
        }
        var n = users.Count;
        var values = new Dictionary<string, double[]>
        {
            [AbMetrics.Sessions] = count.ToArray(),
            [AbMetrics.Time] = time.ToArray(),
            [AbMetrics.MeanRequestLatency] = Enumerable.Range(0, n).Select(i => latency[i] / tracks[i] * 1000).ToArray(),
            [AbMetrics.MeanTracksPerSession] = Enumerable.Range(0, n).Select(i => tracks[i] / count[i]).ToArray(),
            [AbMetrics.MeanTimePerSession] = Enumerable.Range(0, n).Select(i => time[i] / count[i]).ToArray(),
        };
        return new UserMetrics(sessions.Experiment, sessions.Arms, users.ToArray(), arms.ToArray(), values);
    }

    /// <summary>Builds metrics from given columns (for tests and for data from elsewhere).</summary>
    public static UserMetrics FromColumns(string experiment, string[] arms, int[] user, int[] arm, IReadOnlyDictionary<string, double[]> values)
    {
        foreach (var (metric, column) in values)
            if (column.Length != user.Length) throw new ArgumentException($"metric '{metric}' has {column.Length} values for {user.Length} rows.");
        return new UserMetrics(experiment, arms, user, arm, values.ToDictionary());
    }

    /// <summary>The rows as a DataFrame: <c>user, arm</c> and one column per metric.</summary>
    public DataFrame ToDataFrame()
    {
        var columns = new List<DataFrameColumn>
        {
            new Int32DataFrameColumn("user", User),
            new StringDataFrameColumn("arm", Arm.Select(a => Arms[a])),
        };
        columns.AddRange(_values.Select(v => new DoubleDataFrameColumn(v.Key, v.Value)));
        return new DataFrame(columns);
    }
}
