namespace RecLab.Service;

/// <summary>
/// Per-session state the service keeps between requests (what was played), so that recommenders can see the
/// session. In memory by default (one process); in Redis when the service runs as several replicas. Asynchronous
/// because a shared store is a network round trip away; the in-memory store completes synchronously.
/// </summary>
public interface IHistoryStore
{
    /// <summary>Adds a played track to the session of (<paramref name="user"/>, <paramref name="session"/>) and returns
    /// the session's length and history, the new track included. A session id of -1 keys the session by user.</summary>
    /// <param name="user">The listener.</param>
    /// <param name="session">Session id, or -1.</param>
    /// <param name="track">The track played.</param>
    /// <param name="time">How much of it was listened to.</param>
    /// <param name="readBack">Whether the caller needs the history; a remote store may leave it out when not (the length
    /// is always there: it seeds the step's random stream).</param>
    /// <exception cref="HistoryStoreUnavailableException">The store cannot be reached (the request must not be answered).</exception>
    ValueTask<SessionStep> AppendAsync(int user, long session, int track, double time, bool readBack = true);

    /// <summary>Forgets the session (after its <c>last</c> message).</summary>
    /// <exception cref="HistoryStoreUnavailableException">The store cannot be reached.</exception>
    ValueTask EndAsync(int user, long session);
}

/// <summary>The session store (e.g. Redis) cannot be reached: the service answers 503 and logs nothing, and serves
/// again once the store is back.</summary>
public sealed class HistoryStoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A session after one more played track.</summary>
/// <param name="Length">Tracks in the session now (the step's index plus one).</param>
/// <param name="History">The session's tracks, or null when the store was asked not to read them back.</param>
public readonly record struct SessionStep(int Length, SessionHistory? History);
