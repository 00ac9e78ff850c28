namespace RecLab.Analysis;

/// <summary>The per-user metrics of the course's A/B analysis, by name (the course's column names).</summary>
public static class AbMetrics
{
    /// <summary>Complete sessions of the user.</summary>
    public const string Sessions = "sessions";

    /// <summary>Total listening time of the user (first tracks' 1.0 included).</summary>
    public const string Time = "time";

    /// <summary>Mean service latency per request, in milliseconds: summed latency / tracks × 1000.</summary>
    public const string MeanRequestLatency = "mean_request_latency";

    /// <summary>Tracks per session (first and last included): tracks / sessions.</summary>
    public const string MeanTracksPerSession = "mean_tracks_per_session";

    /// <summary>Listening time per session: time / sessions. The course's target metric.</summary>
    public const string MeanTimePerSession = "mean_time_per_session";

    /// <summary>All metrics, in the course's order.</summary>
    public static IReadOnlyList<string> All { get; } = [Sessions, Time, MeanRequestLatency, MeanTracksPerSession, MeanTimePerSession];
}
