namespace RecLab.Service;

/// <summary>
/// Per-session state the service keeps between requests (what was played), so that recommenders can see the
/// session. In memory by default; in Redis when the service runs as several replicas.
/// </summary>
public interface IHistoryStore
{
    /// <summary>Adds a played track to the session of (<paramref name="user"/>, <paramref name="session"/>) and returns
    /// the session's history, the new track included. A session id of -1 keys the session by user.</summary>
    SessionHistory Append(int user, long session, int track, double time);

    /// <summary>Forgets the session (after its <c>last</c> message).</summary>
    void End(int user, long session);
}
