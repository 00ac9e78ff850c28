namespace RecLab.Service;

/// <summary>
/// Per-session state the service keeps between requests (what was played, and what recommenders remember that is not a
/// play), so that recommenders can see the session. In memory by default (one process); in Redis when the service runs
/// as several replicas. Asynchronous because a shared store is a network round trip away; the in-memory store completes
/// synchronously.
/// </summary>
/// <remarks>
/// Every session is scoped to its user: the store keys it by (user, session), and a session id belongs to the first
/// user that used it until that session's <c>last</c>. A request of another user naming it is refused with
/// <see cref="SessionOwnedByAnotherUserException"/> (the service answers 403 and logs nothing), so no user can append to,
/// read, or end another's session.
/// </remarks>
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
    /// <param name="readState">Whether the caller needs the session's <see cref="SessionState"/> (read in the same round trip).</param>
    /// <exception cref="HistoryStoreUnavailableException">The store cannot be reached (the request must not be answered).</exception>
    /// <exception cref="SessionOwnedByAnotherUserException">The session id is another user's open session.</exception>
    ValueTask<SessionStep> AppendAsync(int user, long session, int track, double time, bool readBack = true, bool readState = false);

    /// <summary>Writes the changes of <paramref name="state"/> (read by <see cref="AppendAsync"/> for the same session)
    /// and marks it saved; the session's next request sees them on any replica sharing the store.</summary>
    /// <exception cref="HistoryStoreUnavailableException">The store cannot be reached.</exception>
    ValueTask SaveStateAsync(int user, long session, SessionState state);

    /// <summary>Forgets the session, its history and its state (after its <c>last</c> message), and returns how many
    /// tracks it held (0 for a session the store does not know), so that the <c>last</c> gets the step after them.</summary>
    /// <exception cref="HistoryStoreUnavailableException">The store cannot be reached.</exception>
    /// <exception cref="SessionOwnedByAnotherUserException">The session id is another user's open session.</exception>
    ValueTask<int> EndAsync(int user, long session);
}

/// <summary>The session store (e.g. Redis) cannot be reached: the service answers 503 and logs nothing, and serves
/// again once the store is back.</summary>
public sealed class HistoryStoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A request named a session id that is another user's open session: the service answers 403 and logs
/// nothing. The message names the requesting user and the session, never the owner.</summary>
public sealed class SessionOwnedByAnotherUserException(int user, long session)
    : Exception($"session {session} belongs to another user; user {user} cannot use it (start a new session id)")
{
    /// <summary>The user who made the request.</summary>
    public int User { get; } = user;

    /// <summary>The session id named.</summary>
    public long Session { get; } = session;
}

/// <summary>A session after one more played track.</summary>
/// <param name="Length">Tracks in the session now (the step's index plus one).</param>
/// <param name="History">The session's tracks, or null when the store was asked not to read them back.</param>
/// <param name="State">The session's recommender state, or null when the store was asked not to read it.</param>
public readonly record struct SessionStep(int Length, SessionHistory? History, SessionState? State = null);
