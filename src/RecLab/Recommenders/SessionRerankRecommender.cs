using System.Numerics.Tensors;

namespace RecLab.Recommenders;

/// <summary>
/// Serves a per-user list (a two-tower model's top-100) re-ranked by the current session: the next track is the list's
/// unplayed entry whose item vector has the largest inner product with the sum of the vectors of the session's liked
/// tracks (heard more than <c>likeThreshold</c>; the session's first track always counts). A static per-user list cannot
/// know which of a user's tastes the session is about; the session's liked tracks do. With nothing liked yet it walks
/// the list in rank order. Allocates nothing per call.
/// </summary>
public sealed class SessionRerankRecommender : IRecommender
{
    private readonly RecommendationLists _lists;
    private readonly float[] _vectors;
    private readonly int _dimensions;
    private readonly double _likeThreshold;

    /// <summary>Re-ranks <paramref name="lists"/> with item <paramref name="vectors"/> (row-major, <paramref name="dimensions"/> wide).</summary>
    public SessionRerankRecommender(RecommendationLists lists, float[] vectors, int dimensions, double likeThreshold = 0.8)
    {
        if (dimensions < 1 || vectors.Length % dimensions != 0)
            throw new ArgumentException($"{vectors.Length} values do not make rows of {dimensions}.", nameof(vectors));
        _lists = lists;
        _vectors = vectors;
        _dimensions = dimensions;
        _likeThreshold = likeThreshold;
    }

    /// <inheritdoc />
    public bool UsesHistory => true;

    /// <inheritdoc />
    public int RecommendNext(ref RecommendationContext context)
    {
        var list = _lists.For(context.User);
        if (list.IsEmpty) return -1;
        var rows = _vectors.Length / _dimensions;
        Span<float> query = _dimensions <= 512 ? stackalloc float[_dimensions] : new float[_dimensions];
        query.Clear();
        var liked = 0;
        var tracks = context.History.Tracks;
        var times = context.History.Times;
        for (var i = 0; i < tracks.Length; i++)
        {
            if ((i > 0 && !(times[i] > _likeThreshold)) || (uint)tracks[i] >= (uint)rows) continue;
            TensorPrimitives.Add(query, _vectors.AsSpan(tracks[i] * _dimensions, _dimensions), query);
            liked++;
        }
        var best = -1;
        var bestScore = float.NegativeInfinity;
        foreach (var track in list)
        {
            if (context.History.Contains(track) || (uint)track >= (uint)rows) continue;
            if (liked == 0) return track;
            var score = TensorPrimitives.Dot(query, _vectors.AsSpan(track * _dimensions, _dimensions));
            if (score > bestScore)
            {
                bestScore = score;
                best = track;
            }
        }
        return best;
    }
}
