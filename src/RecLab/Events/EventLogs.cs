namespace RecLab.Events;

/// <summary>The format of a set of event logs.</summary>
public enum EventLogFormat
{
    /// <summary>RecLab's Parquet logs.</summary>
    Parquet,
    /// <summary>The course's JSON-lines <c>data.json</c> logs.</summary>
    CourseJson,
}

/// <summary>Events read from logs in either format, with what reading found.</summary>
/// <param name="Events">The events.</param>
/// <param name="Format">The format detected.</param>
/// <param name="CourseStats">Lines read and skipped, for course logs.</param>
public sealed record LoadedEvents(EventTable Events, EventLogFormat Format, CourseLogStats? CourseStats);

/// <summary>Reads event logs whatever their format: RecLab's Parquet or the course's JSON lines, told apart by the
/// files the paths hold.</summary>
public static class EventLogs
{
    /// <summary>Reads <paramref name="paths"/> (files or folders; all of one format).</summary>
    /// <param name="paths">Logs.</param>
    /// <param name="skipBadLines">For course logs: skip and count malformed lines instead of failing.</param>
    /// <param name="options">For Parquet logs.</param>
    /// <exception cref="InvalidDataException">Mixed formats, or a malformed log.</exception>
    public static LoadedEvents Load(IReadOnlyList<string> paths, bool skipBadLines = false, EventReadOptions? options = null)
    {
        var formats = paths.Select(Detect).Distinct().ToList();
        if (formats.Count > 1) throw new InvalidDataException($"the logs mix formats (Parquet and JSON lines): {string.Join(", ", paths)}.");
        if (formats.Count == 0) throw new ArgumentException("no log paths given.");
        if (formats[0] == EventLogFormat.Parquet)
        {
            options ??= new EventReadOptions();
            var events = EventLogReader.Read(options, [.. paths]);
            // Logs without session ids are cut into sessions by following tracks, so read those columns after all.
            if (!options.Tracks && !events.HasSessions) events = EventLogReader.Read(options with { Tracks = true }, [.. paths]);
            return new LoadedEvents(events, EventLogFormat.Parquet, null);
        }
        var table = CourseJsonLog.Read(paths, skipBadLines, out var stats);
        return new LoadedEvents(table, EventLogFormat.CourseJson, stats);
    }

    private static EventLogFormat Detect(string path)
    {
        if (File.Exists(path)) return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)
            ? EventLogFormat.CourseJson : EventLogFormat.Parquet;
        if (!Directory.Exists(path)) throw new FileNotFoundException($"log {path} does not exist.", path);
        var parquet = Directory.EnumerateFiles(path, "*.parquet*", SearchOption.AllDirectories).Any();
        return parquet ? EventLogFormat.Parquet : EventLogFormat.CourseJson;
    }
}
