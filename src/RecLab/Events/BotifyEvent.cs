namespace RecLab.Events;

/// <summary>
/// One request the recommendation service answered, with the fields the course's botify logged plus a session id:
/// <c>message</c> (next/last), <c>timestamp</c> (ms), <c>user</c>, <c>track</c> and <c>time</c> (what was played and for how
/// long), <c>latency</c> (s), <c>recommendation</c> (none for last), <c>experiments</c> ({name: arm}).
/// </summary>
public struct BotifyEvent
{
    /// <summary>True for a <c>last</c> message (the session ended), false for <c>next</c>.</summary>
    public bool IsLast;

    /// <summary>Milliseconds since the Unix epoch.</summary>
    public long Timestamp;

    /// <summary>The user.</summary>
    public int User;

    /// <summary>The track just played.</summary>
    public int Track;

    /// <summary>Fraction of it listened to, in [0, 1].</summary>
    public double Time;

    /// <summary>Seconds the service took to answer.</summary>
    public double Latency;

    /// <summary>The recommended next track; -1 for <c>last</c>.</summary>
    public int Recommendation;

    /// <summary>The user's arms as JSON text, e.g. <c>{"STICKY":"T1"}</c> (the course's <c>experiments</c> object).</summary>
    public string Experiments;

    /// <summary>The session id, or -1 when the client did not send one (the course's clients do not).</summary>
    public long Session;

    /// <summary>The request's place in its session (1 for the first track, a <c>last</c> one past the tracks before
    /// it), as the session store counted it; 0 when unknown. Orders a session's requests exactly where replicas logged
    /// several in one millisecond (see <see cref="EventLogSchema.Step"/>).</summary>
    public int Step;
}

/// <summary>Where the service puts its events (an event log file, a test's list).</summary>
public interface IEventSink
{
    /// <summary>Records one event; safe to call from many threads.</summary>
    void Append(in BotifyEvent e);
}
