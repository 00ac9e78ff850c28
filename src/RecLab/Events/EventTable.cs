using System.Text.Json;
using Microsoft.Data.Analysis;

namespace RecLab.Events;

/// <summary>
/// Events held by column in memory, as read from one or more logs: compact (about 50 bytes per event; the
/// <c>experiments</c> text is stored once per distinct value) and fast to scan. <see cref="ToDataFrame"/> gives the
/// Microsoft.Data.Analysis view for notebooks.
/// </summary>
public sealed class EventTable
{
    private readonly Dictionary<(int Code, string Experiment), string?> _armCache = [];
    private readonly Lock _armGate = new();

    /// <summary>Creates a table over the given columns (all of length <paramref name="count"/>).</summary>
    public EventTable(int count, bool[] isLast, long[] timestamp, int[] user, int[] track, double[] time, double[] latency,
        int[] recommendation, int[] experimentsCode, string[] experimentsValues, long[] session, int[]? step = null)
    {
        if (step is not null && step.Length != count) throw new ArgumentException($"step has {step.Length} values for {count} events.", nameof(step));
        Step = step ?? new int[count];
        Count = count;
        IsLast = isLast;
        Timestamp = timestamp;
        User = user;
        Track = track;
        Time = time;
        Latency = latency;
        Recommendation = recommendation;
        ExperimentsCode = experimentsCode;
        ExperimentsValues = experimentsValues;
        Session = session;
    }

    /// <summary>Number of events.</summary>
    public int Count { get; }

    /// <summary>True for <c>last</c> events.</summary>
    public bool[] IsLast { get; }

    /// <summary>Milliseconds since the Unix epoch.</summary>
    public long[] Timestamp { get; }

    /// <summary>User ids.</summary>
    public int[] User { get; }

    /// <summary>Whether <see cref="Track"/> and <see cref="Recommendation"/> were read (see <see cref="EventReadOptions.Tracks"/>).</summary>
    public bool HasTracks => Track.Length == Count && Recommendation.Length == Count;

    /// <summary>Tracks played (empty when the log was read without them).</summary>
    public int[] Track { get; }

    /// <summary>Listening times.</summary>
    public double[] Time { get; }

    /// <summary>Service latencies in seconds.</summary>
    public double[] Latency { get; }

    /// <summary>Recommended tracks; -1 for <c>last</c>.</summary>
    public int[] Recommendation { get; }

    /// <summary>Per event, an index into <see cref="ExperimentsValues"/>.</summary>
    public int[] ExperimentsCode { get; }

    /// <summary>The distinct <c>experiments</c> JSON texts.</summary>
    public string[] ExperimentsValues { get; }

    /// <summary>Session ids; -1 where the log has none.</summary>
    public long[] Session { get; }

    /// <summary>Each event's place in its session as the service's session store counted it (1 for the first track);
    /// 0 where unknown (logs of earlier formats, the course's logs).</summary>
    public int[] Step { get; }

    /// <summary>Whether every event carries a session id.</summary>
    public bool HasSessions
    {
        get
        {
            for (var i = 0; i < Count; i++)
                if (Session[i] < 0) return false;
            return true;
        }
    }

    /// <summary>The arm of event <paramref name="row"/> in <paramref name="experiment"/>, or null when the event's
    /// user was not in it. Parsed once per distinct <c>experiments</c> value.</summary>
    public string? ArmOf(int row, string experiment) => ArmOfCode(ExperimentsCode[row], experiment);

    /// <summary>The arm that <c>experiments</c> value number <paramref name="code"/> gives for <paramref name="experiment"/>.</summary>
    public string? ArmOfCode(int code, string experiment)
    {
        lock (_armGate)
        {
            if (_armCache.TryGetValue((code, experiment), out var arm)) return arm;
            arm = Parse(ExperimentsValues[code]).GetValueOrDefault(experiment);
            _armCache[(code, experiment)] = arm;
            return arm;
        }
    }

    /// <summary>Names of all experiments that appear in the log.</summary>
    public IReadOnlyList<string> ExperimentNames() =>
        ExperimentsValues.SelectMany(v => Parse(v).Keys).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Parses an <c>experiments</c> JSON object of name to arm.</summary>
    /// <exception cref="InvalidDataException">Not a JSON object of strings.</exception>
    public static IReadOnlyDictionary<string, string> Parse(string experiments)
    {
        if (string.IsNullOrEmpty(experiments)) return new Dictionary<string, string>();
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(experiments)
                   ?? throw new InvalidDataException("null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"experiments value '{experiments}' is not a JSON object of experiment name to arm.", e);
        }
    }

    /// <summary>The events as a DataFrame with the log's column names.</summary>
    public DataFrame ToDataFrame()
    {
        var n = Count;
        return new DataFrame(
            new StringDataFrameColumn(EventLogSchema.Message, IsLast.Take(n).Select(l => l ? "last" : "next")),
            new Int64DataFrameColumn(EventLogSchema.Timestamp, Timestamp.Take(n)),
            new Int32DataFrameColumn(EventLogSchema.User, User.Take(n)),
            new Int32DataFrameColumn(EventLogSchema.Track, HasTracks ? Track.Take(n) : Enumerable.Repeat(-1, n)),
            new DoubleDataFrameColumn(EventLogSchema.Time, Time.Take(n)),
            new DoubleDataFrameColumn(EventLogSchema.Latency, Latency.Take(n)),
            new Int32DataFrameColumn(EventLogSchema.Recommendation, HasTracks ? Recommendation.Take(n).Select(r => r >= 0 ? (int?)r : null) : Enumerable.Repeat<int?>(null, n)),
            new StringDataFrameColumn(EventLogSchema.Experiments, ExperimentsCode.Take(n).Select(c => ExperimentsValues[c])),
            new Int64DataFrameColumn(EventLogSchema.Session, Session.Take(n).Select(s => s >= 0 ? (long?)s : null)),
            new Int32DataFrameColumn(EventLogSchema.Step, Step.Take(n).Select(s => s > 0 ? (int?)s : null)));
    }
}
