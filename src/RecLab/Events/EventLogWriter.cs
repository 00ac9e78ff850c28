using System.Collections.Concurrent;
using System.Globalization;
using Parquet;

namespace RecLab.Events;

/// <summary>
/// Writes events to one Parquet file from many threads. The file is <c>NAME.parquet.partial</c> while it is written
/// and becomes <c>NAME.parquet</c> only when <see cref="Complete"/> succeeds, with a footer that records the row count
/// and <c>reclab.complete = true</c>: a run that crashes never leaves a log that looks complete. Before the rename, the
/// file's SHA-256 is written beside it (<see cref="EventLogSchema.ChecksumSuffix"/>), which readers verify.
/// </summary>
/// <remarks>
/// Events are appended either into numbered blocks (<see cref="BeginBlock"/>, the simulator's way: each worker fills
/// whole blocks of episodes, and blocks are written in index order, so the file's row order does not depend on the
/// thread count) or into a shared buffer (the service's way, arrival order). A background task encodes and writes
/// row groups (Snappy), so producers only copy into column arrays.
/// </remarks>
public sealed class EventLogWriter : IEventSink, IDisposable
{
    /// <summary>Rows per Parquet row group (about 16 MB of columns).</summary>
    public const int RowGroupRows = 262_144;

    private readonly string _finalPath;
    private readonly string _partialPath;
    private readonly BlockingCollection<(long Index, EventBuffer Buffer)> _queue = new(boundedCapacity: 64);
    private readonly ConcurrentBag<EventBuffer> _pool = [];
    private readonly ThreadLocal<(long Index, EventBuffer? Buffer)> _block = new(() => (-1, null));
    private readonly Lock _sharedGate = new();
    private readonly Task _writer;
    private readonly IReadOnlyDictionary<string, string> _metadata;
    private readonly bool _overwrite;
    private EventBuffer _shared = new();
    private long _reserved;
    private long _count;
    private bool _completed;
    private bool _disposed;
    private volatile Exception? _failure;

    private EventLogWriter(string path, IReadOnlyDictionary<string, string>? metadata, bool overwrite)
    {
        _finalPath = System.IO.Path.GetFullPath(path);
        _partialPath = _finalPath + EventLogSchema.PartialSuffix;
        _metadata = metadata ?? new Dictionary<string, string>();
        _overwrite = overwrite;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(_finalPath)!);
        if (!overwrite && File.Exists(_finalPath)) throw new IOException($"event log {_finalPath} already exists; a log part is never overwritten.");
        var stream = new FileStream(_partialPath, overwrite ? FileMode.Create : FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 20);
        _writer = Task.Factory.StartNew(() => GuardedWriteLoopAsync(stream), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Starts writing the log that will be <paramref name="path"/> (a <c>.parquet</c> file) once complete.</summary>
    /// <param name="path">Final file path; the folder is created if needed.</param>
    /// <param name="metadata">Extra footer entries (e.g. <c>reclab.source</c>, the seed).</param>
    /// <param name="overwrite">Replace a log already at <paramref name="path"/> (a simulation rerun into its folder); when
    /// false (the service's parts), an existing log or <c>.partial</c> is an <see cref="IOException"/> and is left as it is.</param>
    public static EventLogWriter Create(string path, IReadOnlyDictionary<string, string>? metadata = null, bool overwrite = true) =>
        new(path, metadata, overwrite);

    /// <summary>The file the log becomes when complete.</summary>
    public string Path => _finalPath;

    /// <summary>Events appended so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Reserves <paramref name="count"/> consecutive block indices and returns the first.</summary>
    public long ReserveBlocks(long count) => Interlocked.Add(ref _reserved, count) - count;

    /// <summary>Directs this thread's appends into block <paramref name="index"/> (from <see cref="ReserveBlocks"/>)
    /// until the scope is disposed, which hands the block to the writer.</summary>
    public BlockScope BeginBlock(long index)
    {
        if (_block.Value.Buffer is not null) throw new InvalidOperationException("this thread already has an open block.");
        _block.Value = (index, Rent());
        return new BlockScope(this);
    }

    /// <inheritdoc />
    public void Append(in BotifyEvent e)
    {
        var (_, buffer) = _block.Value;
        if (buffer is not null)
        {
            buffer.Add(e);
        }
        else
        {
            lock (_sharedGate)
            {
                _shared.Add(e);
                if (_shared.Count >= RowGroupRows) SubmitShared();
            }
        }
        Interlocked.Increment(ref _count);
    }

    /// <summary>Hands what the shared buffer holds to the writer now (blocks are handed over when they end).</summary>
    public void Flush()
    {
        lock (_sharedGate)
            if (_shared.Count > 0) SubmitShared();
    }

    /// <summary>Writes everything, records the footer with <c>reclab.complete = true</c>, and renames the file to its
    /// final name. Throws if writing failed (the partial file is then left as it is).</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Flush();
        _completed = true;
        _queue.CompleteAdding();
        _writer.GetAwaiter().GetResult();
        WriteChecksum(_partialPath, _finalPath);
        File.Move(_partialPath, _finalPath, overwrite: _overwrite);
        _disposed = true;
    }

    /// <summary>Stops writing and deletes the <c>.partial</c> file, never touching the final name: for a part that
    /// holds no events (a replica that logged nothing leaves no file).</summary>
    /// <exception cref="InvalidOperationException">The log holds events.</exception>
    public void Discard()
    {
        if (Count > 0) throw new InvalidOperationException($"event log {_partialPath} holds {Count} events; complete it instead.");
        Dispose();
        File.Delete(_partialPath);
    }

    /// <summary>Without <see cref="Complete"/>: writes what it has with <c>reclab.complete = false</c> and keeps the
    /// <c>.partial</c> name, so the events are kept but no reader mistakes them for a whole log.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            Flush();
            _queue.CompleteAdding();
            _writer.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // Disposal after a failure: the partial file stays, unreadable as a complete log.
        }
        _block.Dispose();
    }

    /// <summary>Ends a block: see <see cref="BeginBlock"/>.</summary>
    public readonly struct BlockScope(EventLogWriter owner) : IDisposable
    {
        /// <summary>Hands the block to the writer.</summary>
        public void Dispose()
        {
            var (index, buffer) = owner._block.Value;
            owner._block.Value = (-1, null);
            if (buffer is not null) owner.Submit(index, buffer);
        }
    }

    private static void WriteChecksum(string file, string finalName)
    {
        byte[] hash;
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20))
            hash = System.Security.Cryptography.SHA256.HashData(stream);
        RecLab.IO.AtomicFile.WriteAllText(finalName + EventLogSchema.ChecksumSuffix,
            $"{Convert.ToHexStringLower(hash)}  {System.IO.Path.GetFileName(finalName)}\n");
    }

    private void SubmitShared()
    {
        Submit(ReserveBlocks(1), _shared);
        _shared = Rent();
    }

    private void Submit(long index, EventBuffer buffer)
    {
        try
        {
            _queue.Add((index, buffer));
        }
        catch (InvalidOperationException) when (_failure is not null)
        {
            throw new IOException($"writing event log {_partialPath} failed: {_failure.Message}", _failure);
        }
    }

    private async Task GuardedWriteLoopAsync(FileStream stream)
    {
        try
        {
            await WriteLoopAsync(stream);
        }
        catch (Exception e)
        {
            _failure = e;
            _queue.CompleteAdding();
            throw new IOException($"writing event log {_partialPath} failed: {e.Message}", e);
        }
    }

    private EventBuffer Rent()
    {
        if (!_pool.TryTake(out var buffer)) return new EventBuffer();
        buffer.Clear();
        return buffer;
    }

    private async Task WriteLoopAsync(FileStream stream)
    {
        await using var _ = stream;
        var pending = new SortedDictionary<long, EventBuffer>();
        var next = 0L;
        var group = new EventBuffer(RowGroupRows);
        long written = 0;
        await using var parquet = await ParquetWriter.CreateAsync(EventLogSchema.Parquet, stream,
            new ParquetOptions { CompressionMethod = CompressionMethod.Snappy });
        foreach (var (index, buffer) in _queue.GetConsumingEnumerable())
        {
            pending[index] = buffer;
            while (pending.Remove(next, out var ready))
            {
                group.AddRange(ready);
                _pool.Add(ready);
                next++;
                if (group.Count >= RowGroupRows)
                {
                    written += await WriteGroupAsync(parquet, group);
                    group.Clear();
                }
            }
        }
        foreach (var (_, ready) in pending) group.AddRange(ready);
        if (group.Count > 0) written += await WriteGroupAsync(parquet, group);
        var metadata = new Dictionary<string, string>(_metadata)
        {
            [EventLogSchema.FormatKey] = EventLogSchema.FormatVersion,
            [EventLogSchema.CompleteKey] = _completed && pending.Count == 0 ? "true" : "false",
            [EventLogSchema.RowsKey] = written.ToString(CultureInfo.InvariantCulture),
        };
        parquet.CustomMetadata = metadata;
    }

    private static async Task<int> WriteGroupAsync(ParquetWriter parquet, EventBuffer b)
    {
        var n = b.Count;
        using var rg = parquet.CreateRowGroup();
        await rg.WriteAsync(EventLogSchema.MessageField, new ArraySegment<string>(b.Message, 0, n));
        await rg.WriteAsync<long>(EventLogSchema.TimestampField, b.Timestamp.AsMemory(0, n));
        await rg.WriteAsync<int>(EventLogSchema.UserField, b.User.AsMemory(0, n));
        await rg.WriteAsync<int>(EventLogSchema.TrackField, b.Track.AsMemory(0, n));
        await rg.WriteAsync<double>(EventLogSchema.TimeField, b.Time.AsMemory(0, n));
        await rg.WriteAsync<double>(EventLogSchema.LatencyField, b.Latency.AsMemory(0, n));
        await rg.WriteAsync<int>(EventLogSchema.RecommendationField, b.Recommendation.AsMemory(0, n));
        await rg.WriteAsync(EventLogSchema.ExperimentsField, new ArraySegment<string>(b.Experiments, 0, n));
        await rg.WriteAsync<long>(EventLogSchema.SessionField, b.Session.AsMemory(0, n));
        await rg.WriteAsync<int>(EventLogSchema.StepField, b.Step.AsMemory(0, n));
        return n;
    }
}
