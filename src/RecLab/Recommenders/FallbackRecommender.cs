namespace RecLab.Recommenders;

/// <summary>Asks <paramref name="primary"/>, and <paramref name="fallback"/> when the primary has nothing (-1).</summary>
public sealed class FallbackRecommender(IRecommender primary, IRecommender fallback) : IRecommender
{
    /// <inheritdoc />
    public bool UsesHistory => primary.UsesHistory || fallback.UsesHistory;

    /// <inheritdoc />
    public bool UsesState => primary.UsesState || fallback.UsesState;

    /// <inheritdoc />
    public int RecommendNext(ref RecommendationContext context)
    {
        var track = primary.RecommendNext(ref context);
        return track >= 0 ? track : fallback.RecommendNext(ref context);
    }
}
