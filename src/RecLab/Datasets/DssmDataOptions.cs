namespace RecLab.Datasets;

/// <summary>How <see cref="DssmData"/> turns plays into training examples.</summary>
public sealed record DssmDataOptions
{
    /// <summary>A play is a positive when more than this fraction was heard. Default 0.8, the course's notebook.</summary>
    public double LikeThreshold { get; init; } = 0.8;

    /// <summary>Tracks with fewer positives in the training part are neither targets nor candidates. Default 2: a
    /// track seen once cannot be learned and only adds noise to the candidate set.</summary>
    public int MinTrackPositives { get; init; } = 2;

    /// <summary>User features are the user's most recent positives, at most this many. Default 30, the course's.</summary>
    public int HistoryLength { get; init; } = 30;

    /// <summary>Share of positives (the latest but <see cref="TestFraction"/>) held out for validation. Default 0.1.</summary>
    public double ValidFraction { get; init; } = 0.1;

    /// <summary>Share of positives (the latest) held out for the test. Default 0.1.</summary>
    public double TestFraction { get; init; } = 0.1;

    /// <summary>Checks the fields; the message names the bad one.</summary>
    public DssmDataOptions Validate()
    {
        if (!(LikeThreshold >= 0 && LikeThreshold < 1)) throw new ArgumentException($"{nameof(LikeThreshold)} = {LikeThreshold} must be in [0, 1).");
        if (MinTrackPositives < 1) throw new ArgumentException($"{nameof(MinTrackPositives)} = {MinTrackPositives} must be at least 1.");
        if (HistoryLength < 1) throw new ArgumentException($"{nameof(HistoryLength)} = {HistoryLength} must be at least 1.");
        if (!(ValidFraction > 0 && TestFraction > 0 && ValidFraction + TestFraction < 1))
            throw new ArgumentException($"{nameof(ValidFraction)} = {ValidFraction} and {nameof(TestFraction)} = {TestFraction} must be positive and sum to less than 1.");
        return this;
    }
}
