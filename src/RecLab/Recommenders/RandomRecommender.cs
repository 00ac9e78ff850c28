namespace RecLab.Recommenders;

/// <summary>A uniformly random track: the course's baseline (about 7.0 tracks and 2.0 listening time per session).</summary>
/// <param name="trackCount">Tracks are 0..trackCount-1.</param>
public sealed class RandomRecommender(int trackCount) : IRecommender
{
    /// <inheritdoc />
    public int RecommendNext(ref RecommendationContext context) => context.Random.NextInt(trackCount);
}
