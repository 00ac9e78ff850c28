using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RecLab.Training.Dssm;

/// <summary>
/// The two-tower DSSM (Huang et al., CIKM 2013, "Learning Deep Structured Semantic Models for Web Search using
/// Clickthrough Data"; the course's recommender version). Shapes, with B the batch, H the history length, T tracks:
/// <list type="bullet">
/// <item>User tower: history [B, H] (track ids, padding = T) → track and artist embeddings [B, H, E + A] → mean over
/// real positions [B, E + A] → MLP → [B, D].</item>
/// <item>Item tower: track ids [B] → concat(track embedding [B, E], artist embedding [B, A], genre embedding [B, G],
/// log popularity [B, 1]) → MLP → [B, D].</item>
/// </list>
/// The artist embeddings (A &gt; 0) go beyond the course's model: a track with few plays shares what its artist's other
/// tracks taught, which is what lets the towers generalise on logs of a few plays per track.
/// Scores are cosines (in-batch softmax) or negative L2 distances (triplet), the geometry each loss trains.
/// </summary>
public sealed class DssmModel : nn.Module
{
    private readonly Embedding history;
    private readonly Embedding history_artist;
    private readonly Embedding track;
    private readonly Embedding artist;
    private readonly Embedding genre;
    private readonly nn.Module<Tensor, Tensor> user_tower;
    private readonly nn.Module<Tensor, Tensor> item_tower;
    private readonly Tensor track_genre;
    private readonly Tensor track_artist;
    private readonly Tensor track_popularity;

    /// <summary>A freshly initialised model (PyTorch's default initialisation) for a world of <paramref name="trackGenre"/>.Length tracks.</summary>
    /// <param name="options">Shape.</param>
    /// <param name="trackArtist">Artist id of each track.</param>
    /// <param name="artists">Number of artists.</param>
    /// <param name="trackGenre">Genre id of each track.</param>
    /// <param name="genres">Number of genres.</param>
    /// <param name="logPopularity">log(1 + listeners) of each track, scaled to [0, 1].</param>
    public DssmModel(DssmOptions options, int[] trackArtist, int artists, int[] trackGenre, int genres, float[] logPopularity) : base("dssm")
    {
        options.Validate();
        Options = options;
        Tracks = trackGenre.Length;
        var a = Math.Max(1, options.ArtistEmbeddingSize);
        var g = Math.Max(1, options.GenreEmbeddingSize);
        history = nn.Embedding(Tracks + 1, options.EmbeddingSize, padding_idx: Tracks);
        history_artist = nn.Embedding(artists + 1, a, padding_idx: artists);
        track = nn.Embedding(Tracks, options.EmbeddingSize);
        artist = nn.Embedding(artists, a);
        genre = nn.Embedding(Math.Max(1, genres), g);
        user_tower = Mlp.Build("user", options.EmbeddingSize + a, options.UserHidden, options.OutputSize, options.Activation);
        item_tower = Mlp.Build("item", options.EmbeddingSize + a + g + 1, options.ItemHidden, options.OutputSize, options.Activation);
        track_genre = tensor(trackGenre.Select(x => (long)x).ToArray());
        // The padding track maps to the padding artist.
        track_artist = tensor(trackArtist.Select(x => (long)x).Append(artists).ToArray());
        track_popularity = tensor(logPopularity).unsqueeze(1);
        RegisterComponents();
        if (options.ArtistEmbeddingSize == 0)
        {
            using var _ = no_grad();
            history_artist.weight!.zero_();
            artist.weight!.zero_();
            history_artist.weight.requires_grad = false;
            artist.weight.requires_grad = false;
        }
    }

    /// <summary>The shape.</summary>
    public DssmOptions Options { get; }

    /// <summary>Tracks (the padding id of histories).</summary>
    public int Tracks { get; }

    /// <summary>Whether vectors are L2-normalised (the softmax geometry) rather than raw (triplet).</summary>
    public bool Normalised => Options.Loss == DssmLoss.InBatchSoftmax;

    /// <summary>User vectors [B, D] for histories [B, H] (int64, padding = <see cref="Tracks"/>).</summary>
    public Tensor UserVectors(Tensor histories)
    {
        using var scope = NewDisposeScope();
        var real = histories.ne(Tracks).unsqueeze(-1).to_type(ScalarType.Float32);
        var embedded = cat([history.forward(histories), history_artist.forward(track_artist.index_select(0, histories.flatten()).view_as(histories))], -1);
        var mean = embedded.sum(1).div(real.sum(1).clamp_min(1));
        var vectors = user_tower.forward(mean);
        return (Normalised ? nn.functional.normalize(vectors, dim: -1) : vectors).MoveToOuterDisposeScope();
    }

    /// <summary>Item vectors [B, D] for track ids [B] (int64).</summary>
    public Tensor ItemVectors(Tensor tracks)
    {
        using var scope = NewDisposeScope();
        var features = cat([track.forward(tracks), artist.forward(track_artist.index_select(0, tracks)), genre.forward(track_genre.index_select(0, tracks)),
            track_popularity.index_select(0, tracks)], 1);
        var vectors = item_tower.forward(features);
        return (Normalised ? nn.functional.normalize(vectors, dim: -1) : vectors).MoveToOuterDisposeScope();
    }
}
