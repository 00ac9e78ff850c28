using System.Numerics.Tensors;
using RecLab.Recommenders;
using static TorchSharp.torch;

namespace RecLab.Training.Core;

/// <summary>When <see cref="CoreSessionRecommender"/> encodes the session.</summary>
public enum CoreServing
{
    /// <summary>At every request, from the session's liked tracks so far.</summary>
    Online,
    /// <summary>The homework's variant: walk the user's exported top-100 in rank order until the user skips a track, then
    /// walk a list computed from the session's liked tracks up to the latest skip.</summary>
    RestartOnSkip,
}

/// <summary>
/// Serves CORE on the current session (read from the history store): the session's liked tracks (heard more than the
/// like threshold; the first track always counts) are encoded as CORE encodes a prefix, and the best unplayed track
/// by cosine to the session vector is recommended. Candidates are the 100 nearest tracks (CORE's own item table) of each
/// of the session's last five liked tracks plus the user's exported list, ranked exactly; a full scan of every track
/// per request would cost about a millisecond on a 50,000-track world. CORE-ave is computed here from the item table;
/// CORE-trm runs the trained model (one call at a time) and keeps the session vectors it computed, keyed by the liked
/// tracks, since most requests add no liked track.
/// </summary>
public sealed class CoreSessionRecommender : IRecommender
{
    private const int CandidateSources = 5;
    private readonly float[] _raw;
    private readonly float[] _normalised;
    private readonly int _d;
    private readonly int[] _trackToItem;
    private readonly RecommendationLists _userLists;
    private readonly RecommendationLists _similar;
    private readonly CoreModel? _model;
    private readonly CoreServing _serving;
    private readonly double _likeThreshold;
    private readonly double _skipThreshold;
    private readonly int _maxLength;
    private readonly Lock _gate = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ulong, float[]> _cache = new();
    private const int CacheLimit = 200_000;

    /// <summary>Serves a CORE artifact.</summary>
    /// <param name="trackVectors">Raw item embeddings by track id [tracks × d] (zero rows for tracks CORE never saw).</param>
    /// <param name="dimensions">d.</param>
    /// <param name="itemToTrack">CORE item id → track id (item 0 is padding).</param>
    /// <param name="userLists">Each user's exported top-100.</param>
    /// <param name="similar">Each track's nearest tracks.</param>
    /// <param name="model">The trained model for CORE-trm; null serves CORE-ave from the table.</param>
    /// <param name="serving">Online or restart-on-skip.</param>
    /// <param name="likeThreshold">A play counts in the session when heard more than this. Default 0.8.</param>
    /// <param name="skipThreshold">A play heard less than this is a skip. Default 0.5.</param>
    public CoreSessionRecommender(float[] trackVectors, int dimensions, int[] itemToTrack, RecommendationLists userLists, RecommendationLists similar,
        CoreModel? model, CoreServing serving = CoreServing.Online, double likeThreshold = 0.8, double skipThreshold = 0.5)
    {
        if (dimensions < 1 || trackVectors.Length % dimensions != 0) throw new ArgumentException($"{trackVectors.Length} values do not make rows of {dimensions}.", nameof(trackVectors));
        _raw = trackVectors;
        _d = dimensions;
        _normalised = new float[trackVectors.Length];
        for (var t = 0; t < trackVectors.Length / dimensions; t++)
        {
            var row = trackVectors.AsSpan(t * dimensions, dimensions);
            var norm = TensorPrimitives.Norm(row);
            if (norm > 0) TensorPrimitives.Divide(row, norm, _normalised.AsSpan(t * dimensions, dimensions));
        }
        _trackToItem = new int[trackVectors.Length / dimensions];
        Array.Fill(_trackToItem, -1);
        for (var item = 1; item < itemToTrack.Length; item++)
            if ((uint)itemToTrack[item] < (uint)_trackToItem.Length) _trackToItem[itemToTrack[item]] = item;
        _userLists = userLists;
        _similar = similar;
        _model = model;
        _serving = serving;
        _likeThreshold = likeThreshold;
        _skipThreshold = skipThreshold;
        _maxLength = model?.Options.MaxLength ?? 50;
    }

    /// <inheritdoc />
    public bool UsesHistory => true;

    /// <inheritdoc />
    public int RecommendNext(ref RecommendationContext context)
    {
        var tracks = context.History.Tracks;
        var times = context.History.Times;
        var end = tracks.Length;
        if (_serving == CoreServing.RestartOnSkip)
        {
            var lastSkip = -1;
            for (var i = 1; i < tracks.Length; i++)
                if (times[i] < _skipThreshold) lastSkip = i;
            if (lastSkip < 0) return RankedWalk(ref context);
            end = lastSkip + 1;
        }
        Span<int> liked = stackalloc int[_maxLength];
        var count = 0;
        for (var i = 0; i < end; i++)
        {
            if ((i > 0 && !(times[i] > _likeThreshold)) || (uint)tracks[i] >= (uint)_trackToItem.Length || _trackToItem[tracks[i]] < 0) continue;
            if (count == _maxLength)
            {
                liked[1..].CopyTo(liked);
                count--;
            }
            liked[count++] = tracks[i];
        }
        if (count == 0) return RankedWalk(ref context);
        Span<float> session = stackalloc float[_d];
        Encode(liked[..count], session);
        var best = -1;
        var bestScore = float.NegativeInfinity;
        for (var i = Math.Max(0, count - CandidateSources); i < count; i++) Consider(_similar.For(liked[i]), session, context.History, ref best, ref bestScore);
        Consider(_userLists.For(context.User), session, context.History, ref best, ref bestScore);
        return best >= 0 ? best : RankedWalk(ref context);
    }

    /// <summary>CORE's session vector of <paramref name="liked"/> tracks (oldest first), L2-normalised, into <paramref name="session"/>.</summary>
    public void Encode(ReadOnlySpan<int> liked, Span<float> session)
    {
        if (_model is null)
        {
            session.Clear();
            foreach (var track in liked) TensorPrimitives.Add(session, _raw.AsSpan(track * _d, _d), session);
            Normalise(session);
            return;
        }
        var key = Key(liked);
        if (_cache.TryGetValue(key, out var cached))
        {
            cached.CopyTo(session);
            return;
        }
        var items = new long[liked.Length];
        for (var i = 0; i < liked.Length; i++) items[i] = _trackToItem[liked[i]];
        lock (_gate)
        {
            TorchDevices.ApplyCpuThreads();
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            var vector = _model.forward(tensor(items, [1, items.Length])).cpu().data<float>();
            for (var i = 0; i < _d; i++) session[i] = vector[i];
        }
        Normalise(session);
        if (_cache.Count >= CacheLimit) _cache.Clear();
        _cache[key] = session.ToArray();
    }

    private static void Normalise(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0) TensorPrimitives.Divide(vector, norm, vector);
    }

    /// <summary>A 64-bit hash of a liked-track sequence: most requests add no liked track, so CORE-trm's encoding of the
    /// session is looked up instead of recomputed.</summary>
    private static ulong Key(ReadOnlySpan<int> liked)
    {
        var h = 0xcbf29ce484222325UL;
        foreach (var t in liked) h = SeedSequence.Mix(h ^ (uint)t);
        return h ^ (ulong)liked.Length;
    }

    private void Consider(ReadOnlySpan<int> candidates, ReadOnlySpan<float> session, Service.SessionHistory history, ref int best, ref float bestScore)
    {
        foreach (var track in candidates)
        {
            if ((uint)track >= (uint)_trackToItem.Length || _trackToItem[track] < 0 || history.Contains(track)) continue;
            var score = TensorPrimitives.Dot(session, _normalised.AsSpan(track * _d, _d));
            if (score > bestScore)
            {
                bestScore = score;
                best = track;
            }
        }
    }

    private int RankedWalk(ref RecommendationContext context)
    {
        foreach (var track in _userLists.For(context.User))
            if (!context.History.Contains(track)) return track;
        return -1;
    }
}
