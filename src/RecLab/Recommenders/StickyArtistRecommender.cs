using RecLab.World;

namespace RecLab.Recommenders;

/// <summary>A random track by the artist of the previous track: the course's StickyArtist, which lifts listening
/// time per session by about half over Random. Returns -1 for an unknown previous track.</summary>
public sealed class StickyArtistRecommender(MusicWorld world) : IRecommender
{
    /// <inheritdoc />
    public int RecommendNext(ref RecommendationContext context)
    {
        if (!world.IsTrack(context.PreviousTrack)) return -1;
        var tracks = world.TracksOf(world.ArtistOf(context.PreviousTrack));
        return tracks[context.Random.NextInt(tracks.Length)];
    }
}
