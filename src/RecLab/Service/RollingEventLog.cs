using System.Globalization;
using RecLab.Events;

namespace RecLab.Service;

/// <summary>
/// A service replica's event log: a sequence of Parquet parts <c>events-REPLICA-START-NNNNN.parquet</c>, each completed
/// when it rolls (every few seconds) and on graceful shutdown. <c>START</c> is the replica's start time (UTC, to the
/// millisecond), made unique in the folder, so a restarted replica that repeats its name (<c>stack.sh</c>'s
/// <c>r1..rN</c>, a Docker container) never overwrites or deletes an earlier part, and names sort in time order. A
/// replica that logs nothing leaves no file. The folders of all replicas read back as one data set.
/// The open part also has a journal (<see cref="EventJournal"/>) that every event is written through to before the
/// request is answered: a replica killed with SIGKILL loses no answered event; its journal becomes a complete part when
/// a replica starts on the folder again (or with <c>reclab logs recover</c>).
/// </summary>
public sealed class RollingEventLog : IEventSink, IDisposable
{
    private readonly string _directory;
    private readonly string _replica;
    private readonly string _start;
    private readonly TimeSpan _roll;
    private readonly string? _world;
    private readonly Lock _gate = new();
    private readonly Timer _timer;
    private EventLogWriter _current;
    private EventJournal _journal;
    private int _part;
    private long _completed;
    private bool _closed;

    /// <summary>Starts logging into <paramref name="directory"/> as <paramref name="replica"/>, rolling every <paramref name="roll"/>;
    /// <paramref name="world"/>, when given, is the fingerprint every part's footer carries (<see cref="EventLogWorld"/>).</summary>
    public RollingEventLog(string directory, string replica, TimeSpan roll, string? world = null)
    {
        _world = world;
        _directory = directory;
        _replica = string.Concat(replica.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
        _roll = roll;
        Directory.CreateDirectory(directory);
        Recovered = EventJournal.RecoverAll(directory);
        _start = UniqueStart(directory, _replica, DateTime.UtcNow);
        (_current, _journal) = Open();
        _timer = new Timer(_ => Roll(), null, roll, roll);
    }

    /// <summary>Journals of killed replicas found in the folder at start and turned into complete parts.</summary>
    public IReadOnlyList<RecoveredPart> Recovered { get; }

    /// <summary>Events appended, all parts together.</summary>
    public long Count
    {
        get
        {
            lock (_gate) return _completed + _current.Count;
        }
    }

    /// <inheritdoc />
    public void Append(in BotifyEvent e)
    {
        lock (_gate)
        {
            if (_closed) throw new ObjectDisposedException(nameof(RollingEventLog), "the event log is closed (the service is shutting down).");
            _current.Append(e);
            _journal.Append(e);
        }
    }

    /// <summary>Completes the open part and starts a new one (a part with no events is dropped).</summary>
    public void Roll()
    {
        lock (_gate)
        {
            if (_closed || _current.Count == 0) return;
            _completed += _current.Count;
            _current.Complete();
            _journal.Delete();
            (_current, _journal) = Open();
        }
    }

    /// <summary>Completes the open part and stops: the graceful-shutdown path.</summary>
    public void Dispose()
    {
        _timer.Dispose();
        lock (_gate)
        {
            if (_closed) return;
            _closed = true;
            if (_current.Count == 0)
            {
                _current.Discard();
                _journal.Delete();
                return;
            }
            _completed += _current.Count;
            _current.Complete();
            _journal.Delete();
        }
    }

    /// <summary>The part-name prefix of this start: the current time, moved on a millisecond at a time past any start
    /// of <paramref name="replica"/> already in <paramref name="directory"/>.</summary>
    internal static string UniqueStart(string directory, string replica, DateTime utcNow)
    {
        for (var t = utcNow; ; t = t.AddMilliseconds(1))
        {
            var start = t.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
            if (!Directory.EnumerateFiles(directory, $"events-{replica}-{start}-*").Any()) return start;
        }
    }

    private (EventLogWriter, EventJournal) Open()
    {
        var path = Path.Combine(_directory, $"events-{_replica}-{_start}-{_part++.ToString("D5", CultureInfo.InvariantCulture)}.parquet");
        var journal = EventJournal.Create(path);
        var metadata = new Dictionary<string, string> { ["reclab.source"] = $"service replica {_replica}" };
        if (_world is not null) metadata[EventLogSchema.WorldKey] = _world;
        return (EventLogWriter.Create(path, metadata, overwrite: false), journal);
    }
}
