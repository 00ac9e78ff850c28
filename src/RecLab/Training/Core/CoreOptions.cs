namespace RecLab.Training.Core;

/// <summary>CORE's session encoder (the paper's "representation-consistent encoder").</summary>
public enum CoreVariant
{
    /// <summary>CORE-ave: the session vector is the mean of its item embeddings.</summary>
    Ave,
    /// <summary>CORE-trm: a transformer scores each position; the session vector is the softmax-weighted sum of its item embeddings.</summary>
    Trm,
}

/// <summary>
/// CORE's hyper-parameters. Every default is RecBole's <c>CORE.yaml</c> (the paper's reference implementation, RecBole
/// 1.1), except where noted.
/// </summary>
public sealed record CoreOptions
{
    /// <summary>Encoder. Default CORE-trm (RecBole's <c>dnn_type: trm</c>).</summary>
    public CoreVariant Variant { get; init; } = CoreVariant.Trm;

    /// <summary>Item embedding width. Default 64.</summary>
    public int EmbeddingSize { get; init; } = 64;

    /// <summary>Transformer layers (trm). Default 2.</summary>
    public int Layers { get; init; } = 2;

    /// <summary>Attention heads (trm). Default 2.</summary>
    public int Heads { get; init; } = 2;

    /// <summary>Feed-forward inner width (trm). Default 256.</summary>
    public int InnerSize { get; init; } = 256;

    /// <summary>Dropout after the embedding sum, attention output and feed-forward (trm). Default 0.5.</summary>
    public double HiddenDropout { get; init; } = 0.5;

    /// <summary>Dropout on attention probabilities (trm). Default 0.5.</summary>
    public double AttentionDropout { get; init; } = 0.5;

    /// <summary>LayerNorm epsilon (trm). Default 1e-12.</summary>
    public double LayerNormEps { get; init; } = 1e-12;

    /// <summary>Dropout on the session's item embeddings. Default 0.2.</summary>
    public double SessionDropout { get; init; } = 0.2;

    /// <summary>Dropout on the whole item table when scoring in training. Default 0.2.</summary>
    public double ItemDropout { get; init; } = 0.2;

    /// <summary>Logits are cosines divided by this. Default 0.07.</summary>
    public double Temperature { get; init; } = 0.07;

    /// <summary>Longest session prefix (position embeddings). Default 50 (RecBole's MAX_ITEM_LIST_LENGTH).</summary>
    public int MaxLength { get; init; } = 50;

    /// <summary>Training defaults: batch 2048 and Adam 1e-3 (RecBole's), early stopping on validation MRR@20 after 3
    /// epochs without gain (RecBole: 10, with up to 300 epochs; fewer here to fit a laptop study), at most 20 epochs.</summary>
    public static TrainerOptions Trainer => new() { Epochs = 20, BatchSize = 2048, LearningRate = 1e-3, EarlyStoppingPatience = 3 };

    /// <summary>Checks the fields; the message names the bad one.</summary>
    public CoreOptions Validate()
    {
        if (EmbeddingSize < 1 || Layers < 1 || Heads < 1 || InnerSize < 1 || MaxLength < 1)
            throw new ArgumentException($"{nameof(EmbeddingSize)}, {nameof(Layers)}, {nameof(Heads)}, {nameof(InnerSize)} and {nameof(MaxLength)} must be positive.");
        if (EmbeddingSize % Heads != 0) throw new ArgumentException($"{nameof(EmbeddingSize)} = {EmbeddingSize} must be a multiple of {nameof(Heads)} = {Heads}.");
        foreach (var (name, p) in new[] { (nameof(HiddenDropout), HiddenDropout), (nameof(AttentionDropout), AttentionDropout), (nameof(SessionDropout), SessionDropout), (nameof(ItemDropout), ItemDropout) })
            if (!(p >= 0 && p < 1)) throw new ArgumentException($"{name} = {p} must be in [0, 1).");
        if (!(Temperature > 0)) throw new ArgumentException($"{nameof(Temperature)} = {Temperature} must be positive.");
        return this;
    }
}
