using Parquet.Schema;

namespace RecLab.Events;

/// <summary>
/// The event log's columns, in one place: names as the course logged them, plus <c>session</c> and <c>step</c>. Stored as Parquet so
/// that pandas, DuckDB and Spark read it directly (<c>pd.read_parquet</c>, <c>SELECT * FROM 'events.parquet'</c>).
/// Documented in data/README.md.
/// </summary>
public static class EventLogSchema
{
    /// <summary><c>next</c> or <c>last</c>.</summary>
    public const string Message = "message";
    /// <summary>Milliseconds since the Unix epoch (int64).</summary>
    public const string Timestamp = "timestamp";
    /// <summary>User id (int32).</summary>
    public const string User = "user";
    /// <summary>Track just played (int32).</summary>
    public const string Track = "track";
    /// <summary>Fraction of it listened to (float64).</summary>
    public const string Time = "time";
    /// <summary>Service time in seconds (float64).</summary>
    public const string Latency = "latency";
    /// <summary>Recommended track (int32, null for last).</summary>
    public const string Recommendation = "recommendation";
    /// <summary>JSON object of experiment name to arm (string).</summary>
    public const string Experiments = "experiments";
    /// <summary>Session id (int64, null when the client sent none).</summary>
    public const string Session = "session";
    /// <summary>The request's place in its session as the session store counted it (int32, 1 for the first track; a
    /// <c>last</c> is one past the session's tracks before it; null in parts written before format 3). Requests a
    /// listener made in one millisecond on different replicas share a timestamp but not a step, so the step, not the
    /// timestamp, gives a session's order exactly.</summary>
    public const string Step = "step";

    /// <summary>Footer key naming the format version.</summary>
    public const string FormatKey = "reclab.format";
    /// <summary>The format version written: format 2 plus the <see cref="Step"/> column.</summary>
    public const string FormatVersion = "reclab-events/3";
    /// <summary>The first format version, written before parts carried checksums (still read, without one).</summary>
    public const string FormatVersion1 = "reclab-events/1";
    /// <summary>Footer key that is "true" only when the writer finished normally.</summary>
    public const string CompleteKey = "reclab.complete";
    /// <summary>Footer key with the number of events.</summary>
    public const string RowsKey = "reclab.rows";
    /// <summary>Footer key with the <see cref="World.MusicWorld.Fingerprint"/> (16 hex digits) of the world the events were
    /// played in (see <see cref="EventLogWorld"/>).</summary>
    public const string WorldKey = "reclab.world";
    /// <summary>Footer key that is "true" on a part rebuilt from a killed replica's journal (see <see cref="EventJournal"/>).</summary>
    public const string RecoveredKey = "reclab.recovered";
    /// <summary>Suffix of a part's checksum file <c>NAME.parquet.sha256</c>: one line <c>HEX  NAME.parquet</c> (the format
    /// of <c>sha256sum</c>, so <c>sha256sum -c</c> checks it too). Parquet.Net writes no page CRCs, so this is the check
    /// readers make against damaged bytes; the row count is in the footer (<see cref="RowsKey"/>).</summary>
    public const string ChecksumSuffix = ".sha256";
    /// <summary>Suffix of a log that is still being written or whose writer did not finish.</summary>
    public const string PartialSuffix = ".partial";

    internal static readonly DataField<string> MessageField = new(Message);
    internal static readonly DataField<long> TimestampField = new(Timestamp);
    internal static readonly DataField<int> UserField = new(User);
    internal static readonly DataField<int> TrackField = new(Track);
    internal static readonly DataField<double> TimeField = new(Time);
    internal static readonly DataField<double> LatencyField = new(Latency);
    internal static readonly DataField<int?> RecommendationField = new(Recommendation);
    internal static readonly DataField<string> ExperimentsField = new(Experiments);
    internal static readonly DataField<long?> SessionField = new(Session);
    internal static readonly DataField<int?> StepField = new(Step);

    /// <summary>The Parquet schema, columns in the order above.</summary>
    public static ParquetSchema Parquet { get; } = new(MessageField, TimestampField, UserField, TrackField, TimeField,
        LatencyField, RecommendationField, ExperimentsField, SessionField, StepField);

    /// <summary>Columns a reader accepts missing (parts of earlier formats lack them).</summary>
    internal static IReadOnlySet<string> Optional { get; } = new HashSet<string> { Step };
}
