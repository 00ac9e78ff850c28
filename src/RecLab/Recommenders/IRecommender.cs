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

    /// <summary>What this recommender remembers about the session besides its plays (recommended tracks, artist counts,
    /// a position), scoped to (user, session), shared by replicas and reset at <c>last</c>; changes are saved before the
    /// service answers. Present when the recommender declares <see cref="IRecommender.UsesState"/>, otherwise empty.</summary>
    public SessionState State;

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

    /// <summary>Whether it reads or changes <see cref="RecommendationContext.State"/>. When true the service reads the
    /// session's state with its history and saves the changes before answering (one Redis write more per request that
    /// changed something).</summary>
    bool UsesState => false;
}
