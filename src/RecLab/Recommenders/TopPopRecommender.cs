using RecLab.World;

namespace RecLab.Recommenders;

/// <summary>A uniformly random track among the <c>N</c> most popular (by listener count): the course's TopPop.</summary>
public sealed class TopPopRecommender : IRecommender
{
    private readonly int[] _top;

    /// <summary>Uses the world's <paramref name="size"/> most popular tracks.</summary>
    public TopPopRecommender(MusicWorld world, int size = DefaultSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _top = world.TracksByPopularity[..Math.Min(size, world.TrackCount)].ToArray();
    }

    /// <summary>Default list size (the course serves the top 100).</summary>
    public const int DefaultSize = 100;

    /// <summary>The candidate tracks, most popular first.</summary>
    public ReadOnlySpan<int> Top => _top;

    /// <inheritdoc />
    public int RecommendNext(ref RecommendationContext context) => _top[context.Random.NextInt(_top.Length)];
}
