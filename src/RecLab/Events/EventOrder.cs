namespace RecLab.Events;

/// <summary>
/// How rows of one user (or session) that carry the same timestamp are ordered before sessions are cut. Logs with
/// millisecond timestamps tie often (in the course's two-replica logs about a third of the rows tie with another row of
/// their user), and the order of tied rows moves where sessions end, so it moves the A/B numbers.
/// </summary>
public enum EventOrder
{
    /// <summary>RecLab's default: rows sorted by timestamp, and within a tie the row that continues the recommendation
    /// chain first (its track is the previous row's recommendation), <c>next</c> before <c>last</c>. Independent of how
    /// the replicas' files happen to be ordered, in most cases.</summary>
    Chain,

    /// <summary>The course notebook's rule made deterministic: the logs concatenated in the order given (folders as
    /// given, files within a folder in ordinal order), then each user's rows sorted by timestamp with a stable sort, so
    /// tied rows keep file order. The notebook itself concatenates in <c>glob</c> order and sorts with pandas' default,
    /// unstable sort, so on logs with ties its numbers depend on the machine; this order is
    /// <c>pd.concat(files in order).sort_values("timestamp", kind="stable")</c> per user.</summary>
    Course,
}
