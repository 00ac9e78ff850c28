using System.Collections.Concurrent;

namespace RecLab.Service;

/// <summary>Session histories and states in this process's memory (one replica, or the embedded service), keyed by
/// (user, session); a session id belongs to the first user that used it until its <c>last</c>. Ended sessions' objects
/// are pooled so a long simulation allocates almost nothing per session. Requests of one session are expected one at a
/// time, as a listener makes them.</summary>
/// <remarks>Each thread remembers the session it served last: the next request of that session (the simulator's
/// workers run a session's requests on one thread, one after another) skips both dictionaries, whose lookups, and the
/// lock contention of their adds between threads, were most of the store's cost. An entry ended and reused for another
/// session changes its generation, so a remembered session that has ended is never served from the cache.</remarks>
public sealed class InMemoryHistoryStore : IHistoryStore
{
    private sealed class Entry
    {
        public readonly SessionHistory History = new();
        public readonly SessionState State = new();
        public int Generation;
    }

    private readonly record struct Remembered(InMemoryHistoryStore? Store, int User, long Session, Entry? Entry, int Generation);

    [ThreadStatic] private static Remembered t_last;

    // Many lock stripes: with one per core (the default) the simulator's workers, which add and remove sessions all the
    // time, wait on each other's stripes.
    private static readonly int Stripes = Math.Max(16, Environment.ProcessorCount * 8);
    private readonly ConcurrentDictionary<(int User, long Session), Entry> _sessions = new(Stripes, 1024);
    private readonly ConcurrentDictionary<long, int> _owners = new(Stripes, 1024);
    private readonly ConcurrentQueue<Entry> _pool = new();

    /// <summary>Sessions currently open.</summary>
    public int OpenSessions => _sessions.Count;

    /// <inheritdoc />
    public ValueTask<SessionStep> AppendAsync(int user, long session, int track, double time, bool readBack = true, bool readState = false)
    {
        var last = t_last;
        if (ReferenceEquals(last.Store, this) && last.User == user && last.Session == session)
        {
            var remembered = last.Entry!;
            lock (remembered)
            {
                if (remembered.Generation == last.Generation)
                {
                    remembered.History.Add(track, time);
                    return ValueTask.FromResult(new SessionStep(remembered.History.Count, remembered.History, remembered.State));
                }
            }
        }
        if (session >= 0 && _owners.GetOrAdd(session, user) != user) throw new SessionOwnedByAnotherUserException(user, session);
        var entry = _sessions.GetOrAdd((user, session), static (_, pool) => pool.TryDequeue(out var e) ? e : new Entry(), _pool);
        int length, generation;
        lock (entry)
        {
            entry.History.Add(track, time);
            length = entry.History.Count;
            generation = entry.Generation;
        }
        t_last = new Remembered(this, user, session, entry, generation);
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
                entry.Generation++;
                entry.History.Clear();
                entry.State.Clear();
            }
            _pool.Enqueue(entry);
        }
        return ValueTask.FromResult(length);
    }
}
