using RecLab.Service;

namespace RecLab.Recommenders;

/// <summary>What a recommender gets for one request. Passed by reference: <see cref="Random"/> advances in place.</summary>
public struct RecommendationContext
{
    /// <summary>The user asking.</summary>
    public int User;

    /// <summary>The track the user just listened to.</summary>
    public int PreviousTrack;

    /// <summary>How much of it they listened to, in [0, 1].</summary>
    public double PreviousTime;

    /// <summary>The session so far, <see cref="PreviousTrack"/> included as its last entry.</summary>
    public SessionHistory History;

    /// <summary>This request's random stream: derived from the session, so in-process runs are reproducible.</summary>
    public Rng Random;
}

/// <summary>
/// Picks the next track for a listener. Implementations are small and composable (fallback chains, a no-repeat
/// wrapper), safe to call from many threads at once, and allocate nothing per call.
/// </summary>
public interface IRecommender
{
    /// <summary>The next track, or -1 when this recommender has nothing to offer (unknown user or track, empty list):
    /// a fallback answers then. Never throws on unknown ids.</summary>
    int RecommendNext(ref RecommendationContext context);

    /// <summary>Whether it reads <see cref="RecommendationContext.History"/>. When false, a service with a remote session
    /// store only records the played track and saves reading the session back (one Redis reply less per request).</summary>
    bool UsesHistory => false;
}
