namespace RecLab.Events;

/// <summary>
/// One row per complete session of a log with session ids, aggregated while the log is read, without keeping the
/// events (a 10-million-event log needs about 60 bytes per session instead of 50 per event). Built by
/// <see cref="EventLogReader.SummarizeSessions"/> only when every session is well formed (one <c>last</c>, and it is
/// the session's final row); otherwise callers read the events and cut sessions from them.
/// </summary>
/// <param name="Session">Session ids.</param>
/// <param name="User">User of each session.</param>
/// <param name="ExperimentsCode">Index into <paramref name="ExperimentsValues"/> of the session's <c>last</c> row.</param>
/// <param name="ExperimentsValues">Distinct <c>experiments</c> texts.</param>
/// <param name="Tracks">Events (tracks) per session, the first and the last included.</param>
/// <param name="Time">Listening time per session, the first track's 1.0 included.</param>
/// <param name="Latency">Summed latency per session, seconds.</param>
/// <param name="Start">Timestamp (ms) of each session's first event.</param>
/// <param name="Events">Events read.</param>
/// <param name="DroppedOpen">Events of sessions without a <c>last</c> (still open when the log ended).</param>
public sealed record SessionSummaries(long[] Session, int[] User, int[] ExperimentsCode, string[] ExperimentsValues, int[] Tracks,
    double[] Time, double[] Latency, long[] Start, long Events, long DroppedOpen)
{
    /// <summary>Complete sessions.</summary>
    public int Count => Session.Length;
}
