namespace RecLab.Datasets;

/// <summary>
/// One split of DSSM examples: (user, history, target). Row <c>i</c>'s history is
/// <c>History[i * HistoryLength ..]</c>, the user's most recent positives before the target, padded with -1.
/// </summary>
public sealed class DssmExamples
{
    /// <summary>Examples from flat arrays.</summary>
    public DssmExamples(int historyLength, int[] user, int[] target, int[] history)
    {
        if (target.Length != user.Length || history.Length != user.Length * historyLength)
            throw new ArgumentException("inconsistent example arrays.");
        HistoryLength = historyLength;
        User = user;
        Target = target;
        History = history;
    }

    /// <summary>Number of examples.</summary>
    public int Count => User.Length;

    /// <summary>Width of a history row.</summary>
    public int HistoryLength { get; }

    /// <summary>User of each example.</summary>
    public int[] User { get; }

    /// <summary>The positive track each example predicts.</summary>
    public int[] Target { get; }

    /// <summary>History rows, -1 where there is nothing.</summary>
    public int[] History { get; }

    /// <summary>The history of example <paramref name="row"/>.</summary>
    public ReadOnlySpan<int> HistoryOf(int row) => History.AsSpan(row * HistoryLength, HistoryLength);
}
