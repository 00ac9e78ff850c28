namespace RecLab.Recommenders;

/// <summary>Asks <paramref name="inner"/> up to <paramref name="tries"/> times for a track the session has not
/// played; -1 when every answer was a repeat (so a fallback answers).</summary>
public sealed class NoRepeatRecommender(IRecommender inner, int tries = NoRepeatRecommender.DefaultTries) : IRecommender
{
    /// <summary>Default number of attempts.</summary>
    public const int DefaultTries = 10;

    /// <inheritdoc />
    public bool UsesHistory => true;

    /// <inheritdoc />
    public bool UsesState => inner.UsesState;

    /// <inheritdoc />
    public int RecommendNext(ref RecommendationContext context)
    {
        for (var i = 0; i < tries; i++)
        {
            var track = inner.RecommendNext(ref context);
            if (track < 0) return -1;
            if (context.History is null || !context.History.Contains(track)) return track;
        }
        return -1;
    }
}
