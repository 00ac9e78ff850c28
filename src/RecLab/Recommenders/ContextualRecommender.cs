namespace RecLab.Recommenders;

/// <summary>A random entry of the previous track's list (item-to-item recommendations): the course's Contextual.
/// -1 for tracks without a list.</summary>
public sealed class ContextualRecommender(RecommendationLists lists) : IRecommender
{
    /// <inheritdoc />
    public int RecommendNext(ref RecommendationContext context)
    {
        var list = lists.For(context.PreviousTrack);
        return list.IsEmpty ? -1 : list[context.Random.NextInt(list.Length)];
    }
}
