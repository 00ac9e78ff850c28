namespace RecLab.Training.Dssm;

/// <summary>The loss DSSM trains with.</summary>
public enum DssmLoss
{
    /// <summary>Softmax over the batch's items with temperature (sampled softmax with in-batch negatives, Yi et al.,
    /// RecSys 2019), on L2-normalised vectors, with the log-frequency correction of that paper. Scores are cosines.</summary>
    InBatchSoftmax,
    /// <summary>The course's triplet margin loss: <c>max(0, |u - v+| - |u - v-| + margin)</c> with L2 distances and uniformly
    /// drawn negatives. Scores are negative L2 distances.</summary>
    Triplet,
}

/// <summary>
/// DSSM's shape and loss. Defaults: the course's two-tower model (embedding 64, one hidden layer, ReLU), with the loss
/// chosen by measurement (see <see cref="Loss"/>).
/// </summary>
public sealed record DssmOptions
{
    /// <summary>Width of the track-id embeddings of both towers. Default 64 (the course's; the homework tries up to 256).</summary>
    public int EmbeddingSize { get; init; } = 64;

    /// <summary>Width of the artist embeddings both towers add (0 = none, the course's model). Default 32: tracks with few
    /// plays then learn from their artist's other tracks.</summary>
    public int ArtistEmbeddingSize { get; init; } = 32;

    /// <summary>Width of the genre embedding the item tower adds. Default 16.</summary>
    public int GenreEmbeddingSize { get; init; } = 16;

    /// <summary>Hidden layer widths of the user tower. Default one layer of 128.</summary>
    public IReadOnlyList<int> UserHidden { get; init; } = [128];

    /// <summary>Hidden layer widths of the item tower ("a wider item tower" is a homework variant). Default one layer of 128.</summary>
    public IReadOnlyList<int> ItemHidden { get; init; } = [128];

    /// <summary>Width of the user and item vectors. Default 64.</summary>
    public int OutputSize { get; init; } = 64;

    /// <summary>Hidden activation. Default ReLU (the course's); ELU is a homework variant.</summary>
    public Activation Activation { get; init; } = Activation.ReLU;

    /// <summary>
    /// Loss. Default in-batch softmax: on the default study's log it gives higher validation and test metrics than the
    /// course's triplet loss for the same epochs (figures in notebook 02 and the closing note of the DSSM issue), because
    /// every step contrasts each user with hundreds of negatives instead of one.
    /// </summary>
    public DssmLoss Loss { get; init; } = DssmLoss.InBatchSoftmax;

    /// <summary>Triplet margin. Default 0.4 (the course's).</summary>
    public double Margin { get; init; } = 0.4;

    /// <summary>Softmax temperature. Default 0.05 (typical for cosine logits; 0.07 in CORE).</summary>
    public double Temperature { get; init; } = 0.05;

    /// <summary>Whether the in-batch softmax subtracts log item frequency (so popular items are not over-penalised for
    /// appearing as negatives more often). Default true.</summary>
    public bool LogQCorrection { get; init; } = true;

    /// <summary>Training defaults for DSSM: batch 512, Adam 1e-3, 20 epochs with early stopping on validation loss.</summary>
    public static TrainerOptions Trainer => new() { Epochs = 20, BatchSize = 512, LearningRate = 1e-3 };

    /// <summary>Checks the fields; the message names the bad one.</summary>
    public DssmOptions Validate()
    {
        if (EmbeddingSize < 1 || GenreEmbeddingSize < 0 || ArtistEmbeddingSize < 0 || OutputSize < 1)
            throw new ArgumentException($"{nameof(EmbeddingSize)} = {EmbeddingSize}, {nameof(GenreEmbeddingSize)} = {GenreEmbeddingSize} and {nameof(OutputSize)} = {OutputSize} must be positive.");
        if (UserHidden.Concat(ItemHidden).Any(w => w < 1)) throw new ArgumentException("hidden layer widths must be positive.");
        if (!(Margin > 0)) throw new ArgumentException($"{nameof(Margin)} = {Margin} must be positive.");
        if (!(Temperature > 0)) throw new ArgumentException($"{nameof(Temperature)} = {Temperature} must be positive.");
        return this;
    }
}
