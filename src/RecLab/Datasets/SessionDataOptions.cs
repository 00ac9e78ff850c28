namespace RecLab.Datasets;

/// <summary>How <see cref="SessionData"/> turns play sessions into next-item examples. Defaults follow the CORE paper's
/// RecBole set-up, except the interaction floor (3, the choice for logs of this size).</summary>
public sealed record SessionDataOptions
{
    /// <summary>A play is liked when more than this fraction was heard. Default 0.8.</summary>
    public double LikeThreshold { get; init; } = 0.8;

    /// <summary>Users with fewer liked plays are dropped (applied with the item floor until both hold). Default 3.</summary>
    public int MinUserInteractions { get; init; } = 3;

    /// <summary>Tracks with fewer liked plays are dropped. Default 3.</summary>
    public int MinItemInteractions { get; init; } = 3;

    /// <summary>Longest prefix kept (the most recent items). Default 50 (RecBole's MAX_ITEM_LIST_LENGTH).</summary>
    public int MaxLength { get; init; } = 50;

    /// <summary>Share of sessions (by start time) that trains. Default 0.8.</summary>
    public double TrainFraction { get; init; } = 0.8;

    /// <summary>Share that validates (early stopping); the rest tests. Default 0.1.</summary>
    public double ValidFraction { get; init; } = 0.1;

    /// <summary>Checks the fields; the message names the bad one.</summary>
    public SessionDataOptions Validate()
    {
        if (!(LikeThreshold >= 0 && LikeThreshold < 1)) throw new ArgumentException($"{nameof(LikeThreshold)} = {LikeThreshold} must be in [0, 1).");
        if (MinUserInteractions < 1 || MinItemInteractions < 1)
            throw new ArgumentException($"{nameof(MinUserInteractions)} = {MinUserInteractions} and {nameof(MinItemInteractions)} = {MinItemInteractions} must be at least 1.");
        if (MaxLength < 1) throw new ArgumentException($"{nameof(MaxLength)} = {MaxLength} must be at least 1.");
        if (!(TrainFraction > 0 && ValidFraction > 0 && TrainFraction + ValidFraction < 1))
            throw new ArgumentException($"{nameof(TrainFraction)} = {TrainFraction} and {nameof(ValidFraction)} = {ValidFraction} must be positive and sum to less than 1.");
        return this;
    }
}
