using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Parquet;
using Parquet.Schema;

namespace RecLab.Events;

/// <summary>Options of <see cref="EventLogReader.Read(EventReadOptions, string[])"/>.</summary>
public sealed record EventReadOptions
{
    /// <summary>Read logs whose writer did not finish (<c>.partial</c> files with a footer marked incomplete) instead of
    /// refusing them. Off by default: an incomplete log gives wrong numbers silently.</summary>
    public bool AllowIncomplete { get; init; }

    /// <summary>Leave out the parts whose writer did not finish (<c>.partial</c> files, and the journals
    /// <c>.parquet.wal</c> of killed replicas) instead of refusing the folder (the CLI's <c>--skip-incomplete</c>).
    /// <see cref="EventLogReader.IncompleteParts"/> lists what is left out, for the caller's warning.</summary>
    public bool SkipIncomplete { get; init; }

    /// <summary>Read the <c>track</c> and <c>recommendation</c> columns (default). Analyses of logs with session ids do
    /// not need them and save 8 bytes per event without.</summary>
    public bool Tracks { get; init; } = true;
}

/// <summary>
/// Reads RecLab event logs (Parquet, see <see cref="EventLogSchema"/>) from files or folders: every <c>*.parquet</c> in a
/// folder, so the logs of all replicas read back as one data set. Row groups are decoded in parallel. Either into one
/// <see cref="EventTable"/>, or straight into per-session sums (<see cref="SummarizeSessions"/>) without keeping events.
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
        var units = await PlanAsync(paths, options);
        var total = units.Count == 0 ? 0 : units[^1].Offset + units[^1].Rows;
        if (total > int.MaxValue) throw new InvalidDataException($"the logs hold {total:N0} events; at most {int.MaxValue:N0} fit in one table.");
        var n = (int)total;
        var table = new Columns(n, options.Tracks);
        var codes = new ExperimentCodes();
        await Parallel.ForEachAsync(units, cancellation, async (unit, _) =>
            await DecodeAsync(unit, table.Slice((int)unit.Offset), codes, options.Tracks));
        return new EventTable(n, table.IsLast, table.Timestamp, table.User, table.Track, table.Time, table.Latency,
            table.Recommendation, table.ExperimentsCode, codes.Values(), table.Session, table.Step);
    }

    /// <summary>
    /// Per-session sums of the logs at <paramref name="paths"/>, computed while reading, so memory grows with sessions,
    /// not events. Returns null when the log has events without a session id, or a session that is not well formed
    /// (two <c>last</c> rows, or rows after its <c>last</c>): cut those from <see cref="Read(EventReadOptions, string[])"/>'s events instead.
    /// </summary>
    public static SessionSummaries? SummarizeSessions(IReadOnlyList<string> paths, EventReadOptions? options = null, CancellationToken cancellation = default) =>
        SummarizeAsync(paths, options ?? new EventReadOptions(), cancellation).GetAwaiter().GetResult();

    private static async Task<SessionSummaries?> SummarizeAsync(IReadOnlyList<string> paths, EventReadOptions options, CancellationToken cancellation)
    {
        var units = await PlanAsync(paths, options);
        var codes = new ExperimentCodes();
        var chunks = Channel.CreateBounded<(Unit Unit, Columns Data)>(Environment.ProcessorCount + 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var producer = Task.Run(async () =>
        {
            try
            {
                await Parallel.ForEachAsync(units, stop.Token, async (unit, token) =>
                {
                    var data = new Columns((int)unit.Rows, tracks: false);
                    await DecodeAsync(unit, data, codes, tracks: false);
                    await chunks.Writer.WriteAsync((unit, data), token);
                });
                chunks.Writer.Complete();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellation.IsCancellationRequested)
            {
                // The consumer stopped early (a session is not well formed): nothing more to read.
                chunks.Writer.Complete();
            }
            catch (Exception e)
            {
                chunks.Writer.Complete(e);
            }
        }, CancellationToken.None);
        var sums = new SessionSums(units.Count == 0 ? 0 : units[^1].Offset + units[^1].Rows);
        var wellFormed = true;
        var pending = new Dictionary<int, (Unit Unit, Columns Data)>();
        var next = 0;
        // Row groups are decoded in parallel but summed in file order, so the sums do not depend on thread timing.
        await foreach (var chunk in chunks.Reader.ReadAllAsync(cancellation))
        {
            if (!wellFormed) continue;
            pending[chunk.Unit.Index] = chunk;
            while (wellFormed && pending.Remove(next, out var ready))
            {
                wellFormed = sums.Add(ready.Unit.Offset, ready.Data);
                next++;
            }
            if (!wellFormed) await stop.CancelAsync();
        }
        await producer;
        return wellFormed ? sums.Finish(codes.Values()) : null;
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
                var incomplete = path.EndsWith(EventLogSchema.PartialSuffix, StringComparison.Ordinal) || path.EndsWith(EventJournal.Suffix, StringComparison.Ordinal);
                if (incomplete && options.SkipIncomplete) continue;
                if (incomplete && !(options.AllowIncomplete && !path.EndsWith(EventJournal.Suffix, StringComparison.Ordinal))) throw Incomplete(path, 1);
                files.Add(Path.GetFullPath(path));
            }
            else if (Directory.Exists(path))
            {
                var partial = Directory.GetFiles(path, "*.parquet" + EventLogSchema.PartialSuffix, SearchOption.AllDirectories);
                var journals = Directory.GetFiles(path, "*.parquet" + EventJournal.Suffix, SearchOption.AllDirectories);
                if (!options.SkipIncomplete && (journals.Length > 0 || (partial.Length > 0 && !options.AllowIncomplete)))
                    throw Incomplete(journals.Length > 0 ? journals.Min(StringComparer.Ordinal)! : partial.Min(StringComparer.Ordinal)!, IncompleteIn(path).Count);
                var found = Directory.GetFiles(path, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
                if (options.AllowIncomplete && !options.SkipIncomplete) found.AddRange(partial.Order(StringComparer.Ordinal));
                if (found.Count == 0) throw new FileNotFoundException($"no complete event log (*.parquet) in {path}.");
                files.AddRange(found.Select(Path.GetFullPath));
            }
            else
            {
                throw new FileNotFoundException($"event log {path} does not exist.", path);
            }
        }
        return files;
    }

    /// <summary>The incomplete parts under <paramref name="paths"/>: <c>.partial</c> files and journals of parts whose
    /// writer did not finish, one entry per part (a killed replica's part has both). What <see cref="EventReadOptions.SkipIncomplete"/>
    /// leaves out.</summary>
    public static IReadOnlyList<string> IncompleteParts(IEnumerable<string> paths) =>
        paths.SelectMany(p => Directory.Exists(p) ? IncompleteIn(p)
            : p.EndsWith(EventLogSchema.PartialSuffix, StringComparison.Ordinal) || p.EndsWith(EventJournal.Suffix, StringComparison.Ordinal) ? [Path.GetFullPath(p)] : [])
            .ToList();

    private static List<string> IncompleteIn(string directory) =>
        Directory.GetFiles(directory, "*.parquet" + EventLogSchema.PartialSuffix, SearchOption.AllDirectories)
            .Select(f => f[..^EventLogSchema.PartialSuffix.Length])
            .Concat(Directory.GetFiles(directory, "*.parquet" + EventJournal.Suffix, SearchOption.AllDirectories).Select(f => f[..^EventJournal.Suffix.Length]))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(Path.GetFullPath).ToList();

    private sealed record Unit(int Index, string File, int Group, long Rows, long Offset, long FileOffset);

    private static async Task<List<Unit>> PlanAsync(IReadOnlyList<string> paths, EventReadOptions options)
    {
        var units = new List<Unit>();
        long offset = 0;
        foreach (var file in LogFiles(paths, options))
        {
            var checksummed = await VerifyChecksumAsync(file);
            await using var stream = File.OpenRead(file);
            await using var reader = await OpenAsync(file, stream);
            CheckFooter(file, reader, options);
            if (!checksummed && reader.CustomMetadata.TryGetValue(EventLogSchema.FormatKey, out var format) && format != EventLogSchema.FormatVersion1
                && reader.CustomMetadata.GetValueOrDefault(EventLogSchema.CompleteKey) == "true")
                throw new InvalidDataException($"{file}: its checksum file {file}{EventLogSchema.ChecksumSuffix} is missing (a {format} part is written with one), so its bytes cannot be checked.");
            CheckSchema(file, reader.Schema);
            var fileOffset = offset;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                var rows = reader.RowGroups[g].RowCount;
                units.Add(new Unit(units.Count, file, g, rows, offset, fileOffset));
                offset += rows;
            }
        }
        return units;
    }

    /// <summary>Checks <paramref name="file"/> against its checksum file, when it has one (see
    /// <see cref="EventLogSchema.ChecksumSuffix"/>); false when it has none.</summary>
    /// <exception cref="InvalidDataException">The bytes differ from what was written; the message names the file.</exception>
    private static async Task<bool> VerifyChecksumAsync(string file)
    {
        var sidecar = file + EventLogSchema.ChecksumSuffix;
        if (!File.Exists(sidecar)) return false;
        var line = (await File.ReadAllTextAsync(sidecar)).Trim();
        var expected = line.Split(' ', 2)[0];
        if (expected.Length != 64) throw new InvalidDataException($"{sidecar}: '{line}' is not a SHA-256 line (HEX  NAME).");
        byte[] hash;
        await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true))
            hash = await System.Security.Cryptography.SHA256.HashDataAsync(stream);
        var actual = Convert.ToHexStringLower(hash);
        if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"{file} is damaged: its SHA-256 is {actual}, but {Path.GetFileName(sidecar)} records {expected} from when it was written.");
        return true;
    }

    /// <summary>Decodes one row group into <paramref name="into"/>, validating messages and times; any failure of the
    /// decoder becomes an error that names the file and row group.</summary>
    private static async Task DecodeAsync(Unit unit, Columns into, ExperimentCodes codes, bool tracks)
    {
        try
        {
            await DecodeUncheckedAsync(unit, into, codes, tracks);
        }
        catch (Exception e) when (e is not (InvalidDataException or OutOfMemoryException or OperationCanceledException))
        {
            throw new InvalidDataException($"{unit.File}: row group {unit.Group + 1} is not readable ({e.Message}); the file is damaged.", e);
        }
    }

    private static async Task DecodeUncheckedAsync(Unit unit, Columns into, ExperimentCodes codes, bool tracks)
    {
        await using var stream = File.OpenRead(unit.File);
        await using var reader = await OpenAsync(unit.File, stream);
        using var group = reader.OpenRowGroupReader(unit.Group);
        var rows = (int)unit.Rows;
        string RowName(int i) => $"{unit.File}: row {unit.Offset - unit.FileOffset + i + 1}";
        var strings = new string?[rows];
        await group.ReadAsync(EventLogSchema.MessageField, strings.AsMemory());
        for (var i = 0; i < rows; i++)
            into.IsLast[into.Start + i] = strings[i] switch
            {
                "last" => true,
                "next" => false,
                var bad => throw new InvalidDataException($"{RowName(i)}: message is '{bad}', expected 'next' or 'last'."),
            };
        await group.ReadAsync(EventLogSchema.ExperimentsField, strings.AsMemory());
        for (var i = 0; i < rows; i++) into.ExperimentsCode[into.Start + i] = codes.Code(strings[i] ?? "");
        await group.ReadAsync(EventLogSchema.TimestampField, into.Timestamp.AsMemory(into.Start, rows));
        await group.ReadAsync(EventLogSchema.UserField, into.User.AsMemory(into.Start, rows));
        await group.ReadAsync(EventLogSchema.TimeField, into.Time.AsMemory(into.Start, rows));
        await group.ReadAsync(EventLogSchema.LatencyField, into.Latency.AsMemory(into.Start, rows));
        if (tracks)
        {
            await group.ReadAsync(EventLogSchema.TrackField, into.Track.AsMemory(into.Start, rows));
            var nullableInt = new int?[rows];
            await group.ReadAsync<int>(EventLogSchema.RecommendationField, nullableInt.AsMemory());
            for (var i = 0; i < rows; i++) into.Recommendation[into.Start + i] = nullableInt[i] ?? -1;
        }
        var nullableLong = new long?[rows];
        await group.ReadAsync<long>(EventLogSchema.SessionField, nullableLong.AsMemory());
        for (var i = 0; i < rows; i++) into.Session[into.Start + i] = nullableLong[i] ?? -1;
        if (reader.Schema.DataFields.Any(f => f.Name == EventLogSchema.Step))
        {
            var nullableStep = new int?[rows];
            await group.ReadAsync<int>(EventLogSchema.StepField, nullableStep.AsMemory());
            for (var i = 0; i < rows; i++) into.Step[into.Start + i] = nullableStep[i] ?? 0;
        }
        for (var i = 0; i < rows; i++)
        {
            var t = into.Time[into.Start + i];
            if (!(t >= 0 && t <= 1))
                throw new InvalidDataException($"{RowName(i)}: time is {t.ToString(CultureInfo.InvariantCulture)}, expected a fraction in [0, 1].");
        }
    }

    /// <summary>Event columns, or a window of them (<see cref="Start"/>) that one row group fills.</summary>
    private sealed class Columns
    {
        public Columns(int n, bool tracks)
        {
            IsLast = new bool[n];
            Timestamp = new long[n];
            User = new int[n];
            Track = new int[tracks ? n : 0];
            Time = new double[n];
            Latency = new double[n];
            Recommendation = new int[tracks ? n : 0];
            ExperimentsCode = new int[n];
            Session = new long[n];
            Step = new int[n];
        }

        private Columns(Columns all, int start)
        {
            (IsLast, Timestamp, User, Track, Time, Latency, Recommendation, ExperimentsCode, Session, Step) =
                (all.IsLast, all.Timestamp, all.User, all.Track, all.Time, all.Latency, all.Recommendation, all.ExperimentsCode, all.Session, all.Step);
            Start = start;
        }

        public int Start { get; }
        public bool[] IsLast { get; }
        public long[] Timestamp { get; }
        public int[] User { get; }
        public int[] Track { get; }
        public double[] Time { get; }
        public double[] Latency { get; }
        public int[] Recommendation { get; }
        public int[] ExperimentsCode { get; }
        public long[] Session { get; }
        public int[] Step { get; }

        public Columns Slice(int start) => new(this, start);
    }

    /// <summary>Distinct <c>experiments</c> texts and their codes, shared by decoding threads.</summary>
    private sealed class ExperimentCodes
    {
        private readonly ConcurrentDictionary<string, int> _codes = new(StringComparer.Ordinal);
        private readonly List<string> _values = [];

        public int Code(string text) => _codes.TryGetValue(text, out var code) ? code : _codes.GetOrAdd(text, t =>
        {
            lock (_values)
            {
                _values.Add(t);
                return _values.Count - 1;
            }
        });

        public string[] Values()
        {
            lock (_values) return [.. _values];
        }
    }

    /// <summary>Per-session sums, and the evidence that every session is well formed. One struct per session in one
    /// array, sized up front from the row count (sessions have several events), so reading does not double its memory
    /// while growing.</summary>
    private sealed class SessionSums(long rows)
    {
        private readonly Dictionary<long, int> _index = new((int)Math.Min(int.MaxValue / 4, rows / 4 + 16));
        private State[] _states = new State[(int)Math.Min(int.MaxValue / 4, rows / 4 + 16)];
        private int _count;
        private long _events;

        private struct State
        {
            public long Session, Start, LastTime, LastPosition, MaxTime, MaxPosition;
            public double Time, Latency;
            public int User, Experiments, Tracks, Lasts, LastStep, MaxStep;
            public bool StepUnknown;
        }

        /// <summary>Adds a decoded row group; false when a row has no session id or a session has two lasts.</summary>
        public bool Add(long offset, Columns data)
        {
            for (var i = 0; i < data.Session.Length; i++)
            {
                var session = data.Session[i];
                if (session < 0) return false;
                if (!_index.TryGetValue(session, out var s))
                {
                    _index[session] = s = _count++;
                    if (s == _states.Length) Array.Resize(ref _states, _states.Length * 2);
                    _states[s] = new State { Session = session, Start = long.MaxValue, MaxTime = long.MinValue, MaxPosition = long.MinValue };
                }
                ref var state = ref _states[s];
                var (time, position) = (data.Timestamp[i], offset + i);
                state.Tracks++;
                state.Time += data.Time[i];
                state.Latency += data.Latency[i];
                state.Start = Math.Min(state.Start, time);
                var step = data.Step[i];
                if (step <= 0) state.StepUnknown = true;
                if (data.IsLast[i])
                {
                    if (++state.Lasts > 1) return false;
                    (state.LastTime, state.LastPosition, state.LastStep) = (time, position, step);
                    state.User = data.User[i];
                    state.Experiments = data.ExperimentsCode[i];
                }
                else
                {
                    state.MaxStep = Math.Max(state.MaxStep, step);
                    if (time > state.MaxTime || (time == state.MaxTime && position > state.MaxPosition)) (state.MaxTime, state.MaxPosition) = (time, position);
                }
            }
            _events += data.Session.Length;
            return true;
        }

        /// <summary>The complete sessions, or null when some session has rows after its last.</summary>
        public SessionSummaries? Finish(string[] experimentsValues)
        {
            long dropped = 0;
            var keep = new List<int>(_count);
            for (var s = 0; s < _count; s++)
            {
                ref var state = ref _states[s];
                if (state.Lasts == 0)
                {
                    dropped += state.Tracks;
                    continue;
                }
                // A next after the last: by step where every row has one (exact), else by time and then file order.
                if (state.StepUnknown
                        ? state.MaxTime > state.LastTime || (state.MaxTime == state.LastTime && state.MaxPosition > state.LastPosition)
                        : state.MaxStep > state.LastStep)
                    return null;
                keep.Add(s);
            }
            var states = _states;
            return new SessionSummaries(
                keep.Select(s => states[s].Session).ToArray(), keep.Select(s => states[s].User).ToArray(), keep.Select(s => states[s].Experiments).ToArray(),
                experimentsValues, keep.Select(s => states[s].Tracks).ToArray(), keep.Select(s => states[s].Time).ToArray(),
                keep.Select(s => states[s].Latency).ToArray(), keep.Select(s => states[s].Start).ToArray(), _events, dropped);
        }
    }

    private static InvalidDataException Incomplete(string path, int count) =>
        new($"{path} is an incomplete event log: its writer did not finish (the run crashed or was killed, or is still running)" +
            (count > 1 ? $"; {count} incomplete parts in all" : "") + ". " +
            "`reclab logs recover DIR` turns what a killed service replica wrote into complete parts (a replica restarted on the folder does it too); " +
            "--skip-incomplete (EventReadOptions.SkipIncomplete) reads the complete parts only.");

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
            throw Incomplete(file, 1);
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
            var found = schema.DataFields.FirstOrDefault(f => f.Name == expected.Name);
            if (found is null && EventLogSchema.Optional.Contains(expected.Name)) continue;
            if (found is null) throw new InvalidDataException($"{file}: column '{expected.Name}' is missing (see data/README.md for the event schema).");
            var expectedType = Nullable.GetUnderlyingType(expected.ClrType) ?? expected.ClrType;
            var foundType = Nullable.GetUnderlyingType(found.ClrType) ?? found.ClrType;
            var isString = expectedType == typeof(string) && foundType == typeof(ReadOnlyMemory<char>);
            if (foundType != expectedType && !isString)
                throw new InvalidDataException($"{file}: column '{expected.Name}' has type {foundType.Name}, expected {expectedType.Name}.");
        }
    }
}
