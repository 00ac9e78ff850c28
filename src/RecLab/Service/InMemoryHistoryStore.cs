using System.Collections.Concurrent;

namespace RecLab.Service;

/// <summary>Session histories in this process's memory (one replica, or the embedded service); ended sessions'
/// objects are pooled so a long simulation allocates almost nothing per session. Requests of one session are
/// expected one at a time, as a listener makes them.</summary>
public sealed class InMemoryHistoryStore : IHistoryStore
{
    private readonly ConcurrentDictionary<long, SessionHistory> _sessions = new();
    private readonly ConcurrentQueue<SessionHistory> _pool = new();

    /// <summary>Sessions currently open.</summary>
    public int OpenSessions => _sessions.Count;

    /// <inheritdoc />
    public ValueTask<SessionStep> AppendAsync(int user, long session, int track, double time, bool readBack = true)
    {
        var history = _sessions.GetOrAdd(Key(user, session), static (_, pool) => pool.TryDequeue(out var h) ? h : new SessionHistory(), _pool);
        int length;
        lock (history)
        {
            history.Add(track, time);
            length = history.Count;
        }
        return ValueTask.FromResult(new SessionStep(length, history));
    }

    /// <inheritdoc />
    public ValueTask EndAsync(int user, long session)
    {
        if (_sessions.TryRemove(Key(user, session), out var history))
        {
            lock (history) history.Clear();
            _pool.Enqueue(history);
        }
        return ValueTask.CompletedTask;
    }

    private static long Key(int user, long session) => session >= 0 ? session : ~(long)user;
}
