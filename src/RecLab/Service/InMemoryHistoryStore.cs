using System.Collections.Concurrent;

namespace RecLab.Service;

/// <summary>Session histories in this process's memory (one replica, or the embedded service); ended sessions'
/// objects are pooled so a long simulation allocates almost nothing per session.</summary>
public sealed class InMemoryHistoryStore : IHistoryStore
{
    private readonly ConcurrentDictionary<long, SessionHistory> _sessions = new();
    private readonly ConcurrentQueue<SessionHistory> _pool = new();

    /// <summary>Sessions currently open.</summary>
    public int OpenSessions => _sessions.Count;

    /// <inheritdoc />
    public SessionHistory Append(int user, long session, int track, double time)
    {
        var history = _sessions.GetOrAdd(Key(user, session), static (_, pool) => pool.TryDequeue(out var h) ? h : new SessionHistory(), _pool);
        lock (history) history.Add(track, time);
        return history;
    }

    /// <inheritdoc />
    public void End(int user, long session)
    {
        if (!_sessions.TryRemove(Key(user, session), out var history)) return;
        lock (history) history.Clear();
        _pool.Enqueue(history);
    }

    private static long Key(int user, long session) => session >= 0 ? session : ~(long)user;
}
