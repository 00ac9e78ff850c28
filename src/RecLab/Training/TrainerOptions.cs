namespace RecLab.Training;

/// <summary>The optimiser <see cref="Trainer"/> uses.</summary>
public enum OptimizerKind
{
    /// <summary>Adam (Kingma and Ba, 2015); weight decay added to the gradient (L2), as PyTorch's Adam does.</summary>
    Adam,
    /// <summary>AdamW (Loshchilov and Hutter, 2019): decoupled weight decay.</summary>
    AdamW,
}

/// <summary>How <see cref="Trainer"/> trains. Each model documents its own defaults (see <c>DssmOptions.Trainer</c>,
/// <c>CoreOptions.Trainer</c>); these are the generic ones.</summary>
public sealed record TrainerOptions
{
    /// <summary>Most epochs. Default 20.</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>Examples per step. Default 512.</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Initial learning rate. Default 1e-3 (Adam's usual).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Optimiser. Default Adam.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>Weight decay. Default 0.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Reduce-on-plateau: the learning rate is multiplied by this when validation stops improving. Default 0.5.</summary>
    public double PlateauFactor { get; init; } = 0.5;

    /// <summary>Reduce-on-plateau: epochs without improvement before the rate drops. Default 1.</summary>
    public int PlateauPatience { get; init; } = 1;

    /// <summary>Early stopping: epochs without improvement before training stops (the best epoch's weights are kept).
    /// Default 3.</summary>
    public int EarlyStoppingPatience { get; init; } = 3;

    /// <summary>Device: auto (CUDA when available), cpu, cuda, cuda:N. Default auto.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Seeds initialisation, shuffling and dropout.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Stops each epoch after this many batches (0 = all); for quick runs and benchmarks.</summary>
    public int MaxBatchesPerEpoch { get; init; }

    /// <summary>Checks the fields; the message names the bad one.</summary>
    public TrainerOptions Validate()
    {
        if (Epochs < 1) throw new ArgumentException($"{nameof(Epochs)} = {Epochs} must be at least 1.");
        if (BatchSize < 1) throw new ArgumentException($"{nameof(BatchSize)} = {BatchSize} must be at least 1.");
        if (!(LearningRate > 0)) throw new ArgumentException($"{nameof(LearningRate)} = {LearningRate} must be positive.");
        if (!(WeightDecay >= 0)) throw new ArgumentException($"{nameof(WeightDecay)} = {WeightDecay} must be non-negative.");
        if (!(PlateauFactor > 0 && PlateauFactor <= 1)) throw new ArgumentException($"{nameof(PlateauFactor)} = {PlateauFactor} must be in (0, 1].");
        if (PlateauPatience < 0 || EarlyStoppingPatience < 1)
            throw new ArgumentException($"{nameof(PlateauPatience)} = {PlateauPatience} must be ≥ 0 and {nameof(EarlyStoppingPatience)} = {EarlyStoppingPatience} ≥ 1.");
        if (MaxBatchesPerEpoch < 0) throw new ArgumentException($"{nameof(MaxBatchesPerEpoch)} = {MaxBatchesPerEpoch} must be ≥ 0.");
        return this;
    }
}
