namespace RecLab.Service;

/// <summary>One call to the service: user <see cref="User"/> just listened to <see cref="Track"/> for
/// <see cref="Time"/> of its length (the course's <c>POST /next/{user}</c> body <c>{"track", "time"}</c>).</summary>
/// <param name="User">The listener.</param>
/// <param name="Track">The track just played.</param>
/// <param name="Time">Fraction listened, in [0, 1].</param>
/// <param name="Session">Session id when the client sends one (RecLab's simulator does); -1 otherwise, and the
/// service then keys the session by user, as the course's service does.</param>
/// <param name="Timestamp">Event time in ms since the epoch when the caller keeps a (virtual) clock; -1 to use the
/// service's clock.</param>
public readonly record struct BotifyRequest(int User, int Track, double Time, long Session = -1, long Timestamp = -1);

/// <summary>A way to reach the recommendation service: in process, or over HTTP.</summary>
public interface IBotifyClient
{
    /// <summary>Reports the played track and returns the next one (the course's <c>/next</c>).</summary>
    int Next(in BotifyRequest request);

    /// <summary>Reports the last track of a session (the course's <c>/last</c>).</summary>
    void Last(in BotifyRequest request);
}
