namespace RecLab.Recommenders;

/// <summary>How <see cref="IndexedRecommender"/> uses a user's list.</summary>
public enum IndexedMode
{
    /// <summary>A random entry of the list (the course's Indexed recommender).</summary>
    RandomPick,
    /// <summary>The best-ranked entry the session has not played yet (the homework's ranked walk).</summary>
    RankedWalk,
}

/// <summary>Serves a per-user list (e.g. top-100 from a trained model); -1 for users without a list, or when the
/// ranked walk has played everything.</summary>
public sealed class IndexedRecommender(RecommendationLists lists, IndexedMode mode = IndexedMode.RandomPick) : IRecommender
{
    /// <summary>The lists served.</summary>
    public RecommendationLists Lists => lists;

    /// <summary>How the list is used.</summary>
    public IndexedMode Mode => mode;

    /// <inheritdoc />
    public bool UsesHistory => mode == IndexedMode.RankedWalk;

    /// <inheritdoc />
    public int RecommendNext(ref RecommendationContext context)
    {
        var list = lists.For(context.User);
        if (list.IsEmpty) return -1;
        if (mode == IndexedMode.RandomPick) return list[context.Random.NextInt(list.Length)];
        foreach (var track in list)
            if (context.History is null || !context.History.Contains(track)) return track;
        return -1;
    }
}
