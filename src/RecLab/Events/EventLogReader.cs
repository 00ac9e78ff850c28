using System.Collections.Concurrent;
using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace RecLab.Events;

/// <summary>Options of <see cref="EventLogReader.Read(EventReadOptions, string[])"/>.</summary>
public sealed record EventReadOptions
{
    /// <summary>Read logs whose writer did not finish (<c>.partial</c> files with a footer marked incomplete) instead of
    /// refusing them. Off by default: an incomplete log gives wrong numbers silently.</summary>
    public bool AllowIncomplete { get; init; }
}

/// <summary>
/// Reads RecLab event logs (Parquet, see <see cref="EventLogSchema"/>) from files or folders into one
/// <see cref="EventTable"/>: every <c>*.parquet</c> in a folder, so the logs of all replicas read back as one data set.
/// Row groups are decoded in parallel.
/// </summary>
public static class EventLogReader
{
    /// <summary>Reads the logs at <paramref name="paths"/> (files or folders).</summary>
    /// <exception cref="InvalidDataException">A truncated, incomplete, or malformed log; the message names the file and
    /// the problem (column, row).</exception>
    public static EventTable Read(params string[] paths) => Read(new EventReadOptions(), paths);

    /// <summary>Reads the logs at <paramref name="paths"/> with <paramref name="options"/>.</summary>
    public static EventTable Read(EventReadOptions options, params string[] paths) =>
        ReadAsync(options, paths).GetAwaiter().GetResult();

    /// <summary>Reads the logs at <paramref name="paths"/> with <paramref name="options"/>.</summary>
    public static async Task<EventTable> ReadAsync(EventReadOptions options, IReadOnlyList<string> paths, CancellationToken cancellation = default)
    {
        var files = LogFiles(paths, options);
        var units = new List<(string File, int Group, long Rows, long Offset)>();
        long offset = 0;
        foreach (var file in files)
        {
            await using var stream = File.OpenRead(file);
            await using var reader = await OpenAsync(file, stream);
            CheckFooter(file, reader, options);
            CheckSchema(file, reader.Schema);
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                var rows = reader.RowGroups[g].RowCount;
                units.Add((file, g, rows, offset));
                offset += rows;
            }
        }
        if (offset > int.MaxValue) throw new InvalidDataException($"the logs hold {offset:N0} events; at most {int.MaxValue:N0} fit in one table.");
        var n = (int)offset;
        var isLast = new bool[n];
        var timestamp = new long[n];
        var user = new int[n];
        var track = new int[n];
        var time = new double[n];
        var latency = new double[n];
        var recommendation = new int[n];
        var experimentsCode = new int[n];
        var session = new long[n];
        var codes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var values = new ConcurrentDictionary<int, string>();
        await Parallel.ForEachAsync(units, cancellation, async (unit, _) =>
        {
            await using var stream = File.OpenRead(unit.File);
            await using var reader = await OpenAsync(unit.File, stream);
            using var group = reader.OpenRowGroupReader(unit.Group);
            var o = (int)unit.Offset;
            var rows = (int)unit.Rows;
            var strings = new string?[rows];
            await group.ReadAsync(EventLogSchema.MessageField, strings.AsMemory());
            for (var i = 0; i < rows; i++)
                isLast[o + i] = strings[i] switch
                {
                    "last" => true,
                    "next" => false,
                    var bad => throw new InvalidDataException($"{unit.File}: row {unit.Offset - RowOffsetOfFile(units, unit.File) + i + 1}: message is '{bad}', expected 'next' or 'last'."),
                };
            await group.ReadAsync(EventLogSchema.ExperimentsField, strings.AsMemory());
            for (var i = 0; i < rows; i++)
            {
                var text = strings[i] ?? "";
                experimentsCode[o + i] = codes.GetOrAdd(text, t =>
                {
                    lock (values)
                    {
                        var code = values.Count;
                        values[code] = t;
                        return code;
                    }
                });
            }
            await group.ReadAsync(EventLogSchema.TimestampField, timestamp.AsMemory(o, rows));
            await group.ReadAsync(EventLogSchema.UserField, user.AsMemory(o, rows));
            await group.ReadAsync(EventLogSchema.TrackField, track.AsMemory(o, rows));
            await group.ReadAsync(EventLogSchema.TimeField, time.AsMemory(o, rows));
            await group.ReadAsync(EventLogSchema.LatencyField, latency.AsMemory(o, rows));
            var nullableInt = new int?[rows];
            await group.ReadAsync<int>(EventLogSchema.RecommendationField, nullableInt.AsMemory());
            for (var i = 0; i < rows; i++) recommendation[o + i] = nullableInt[i] ?? -1;
            var nullableLong = new long?[rows];
            await group.ReadAsync<long>(EventLogSchema.SessionField, nullableLong.AsMemory());
            for (var i = 0; i < rows; i++) session[o + i] = nullableLong[i] ?? -1;
            for (var i = 0; i < rows; i++)
            {
                var t = time[o + i];
                if (!(t >= 0 && t <= 1))
                    throw new InvalidDataException($"{unit.File}: row {unit.Offset - RowOffsetOfFile(units, unit.File) + i + 1}: time is {t.ToString(CultureInfo.InvariantCulture)}, expected a fraction in [0, 1].");
            }
        });
        var distinct = new string[values.Count];
        foreach (var (code, text) in values) distinct[code] = text;
        return new EventTable(n, isLast, timestamp, user, track, time, latency, recommendation, experimentsCode, distinct, session);
    }

    /// <summary>The log files under <paramref name="paths"/>: files as given, folders scanned for <c>*.parquet</c>.</summary>
    /// <exception cref="InvalidDataException">A folder holds a <c>.partial</c> log (unless incomplete logs are allowed).</exception>
    /// <exception cref="FileNotFoundException">A path does not exist, or a folder holds no log.</exception>
    public static IReadOnlyList<string> LogFiles(IEnumerable<string> paths, EventReadOptions? options = null)
    {
        options ??= new EventReadOptions();
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                if (path.EndsWith(EventLogSchema.PartialSuffix, StringComparison.Ordinal) && !options.AllowIncomplete)
                    throw Incomplete(path);
                files.Add(Path.GetFullPath(path));
            }
            else if (Directory.Exists(path))
            {
                var partial = Directory.GetFiles(path, "*.parquet" + EventLogSchema.PartialSuffix, SearchOption.AllDirectories);
                if (partial.Length > 0 && !options.AllowIncomplete) throw Incomplete(partial[0]);
                var found = Directory.GetFiles(path, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
                if (options.AllowIncomplete) found.AddRange(partial.Order(StringComparer.Ordinal));
                if (found.Count == 0) throw new FileNotFoundException($"no event log (*.parquet) in {path}.");
                files.AddRange(found.Select(Path.GetFullPath));
            }
            else
            {
                throw new FileNotFoundException($"event log {path} does not exist.", path);
            }
        }
        return files;
    }

    private static InvalidDataException Incomplete(string path) =>
        new($"{path} is an incomplete event log: its writer did not finish (the run crashed, or is still running). " +
            "Rerun it, or read it with AllowIncomplete to look at what it holds.");

    private static long RowOffsetOfFile(List<(string File, int Group, long Rows, long Offset)> units, string file) =>
        units.First(u => u.File == file).Offset;

    private static async Task<ParquetReader> OpenAsync(string file, Stream stream)
    {
        try
        {
            return await ParquetReader.CreateAsync(stream);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{file} is not a readable Parquet file ({e.Message}); a log cut short has no footer.", e);
        }
    }

    private static void CheckFooter(string file, ParquetReader reader, EventReadOptions options)
    {
        var meta = reader.CustomMetadata;
        if (meta.TryGetValue(EventLogSchema.CompleteKey, out var complete) && complete != "true" && !options.AllowIncomplete)
            throw Incomplete(file);
        if (meta.TryGetValue(EventLogSchema.RowsKey, out var rowsText) && long.TryParse(rowsText, CultureInfo.InvariantCulture, out var rows))
        {
            var actual = reader.RowGroups.Sum(g => g.RowCount);
            if (actual != rows) throw new InvalidDataException($"{file}: the footer records {rows:N0} events but the file holds {actual:N0}.");
        }
    }

    private static void CheckSchema(string file, ParquetSchema schema)
    {
        foreach (var expected in EventLogSchema.Parquet.DataFields)
        {
            var found = schema.DataFields.FirstOrDefault(f => f.Name == expected.Name)
                        ?? throw new InvalidDataException($"{file}: column '{expected.Name}' is missing (see data/README.md for the event schema).");
            var expectedType = Nullable.GetUnderlyingType(expected.ClrType) ?? expected.ClrType;
            var foundType = Nullable.GetUnderlyingType(found.ClrType) ?? found.ClrType;
            var isString = expectedType == typeof(string) && foundType == typeof(ReadOnlyMemory<char>);
            if (foundType != expectedType && !isString)
                throw new InvalidDataException($"{file}: column '{expected.Name}' has type {foundType.Name}, expected {expectedType.Name}.");
        }
    }
}
