using System.Collections.Concurrent;

namespace RecLab.Service;

/// <summary>Session histories and states in this process's memory (one replica, or the embedded service), keyed by
/// (user, session); a session id belongs to the first user that used it until its <c>last</c>. Ended sessions' objects
/// are pooled so a long simulation allocates almost nothing per session. Requests of one session are expected one at a
/// time, as a listener makes them.</summary>
public sealed class InMemoryHistoryStore : IHistoryStore
{
    private sealed class Entry
    {
        public readonly SessionHistory History = new();
        public readonly SessionState State = new();
    }

    private readonly ConcurrentDictionary<(int User, long Session), Entry> _sessions = new();
    private readonly ConcurrentDictionary<long, int> _owners = new();
    private readonly ConcurrentQueue<Entry> _pool = new();

    /// <summary>Sessions currently open.</summary>
    public int OpenSessions => _sessions.Count;

    /// <inheritdoc />
    public ValueTask<SessionStep> AppendAsync(int user, long session, int track, double time, bool readBack = true, bool readState = false)
    {
        if (session >= 0 && _owners.GetOrAdd(session, user) != user) throw new SessionOwnedByAnotherUserException(user, session);
        var entry = _sessions.GetOrAdd((user, session), static (_, pool) => pool.TryDequeue(out var e) ? e : new Entry(), _pool);
        int length;
        lock (entry)
        {
            entry.History.Add(track, time);
            length = entry.History.Count;
        }
        return ValueTask.FromResult(new SessionStep(length, entry.History, entry.State));
    }

    /// <inheritdoc />
    public ValueTask SaveStateAsync(int user, long session, SessionState state)
    {
        state.MarkSaved();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<int> EndAsync(int user, long session)
    {
        var length = 0;
        if (session >= 0 && _owners.TryGetValue(session, out var owner))
        {
            if (owner != user) throw new SessionOwnedByAnotherUserException(user, session);
            _owners.TryRemove(session, out _);
        }
        if (_sessions.TryRemove((user, session), out var entry))
        {
            lock (entry)
            {
                length = entry.History.Count;
                entry.History.Clear();
                entry.State.Clear();
            }
            _pool.Enqueue(entry);
        }
        return ValueTask.FromResult(length);
    }
}
