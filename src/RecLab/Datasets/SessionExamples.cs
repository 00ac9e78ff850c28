namespace RecLab.Datasets;

/// <summary>
/// Next-item examples of one split: row <c>i</c> is a session prefix <c>Prefix[i * MaxLength ..]</c> (item ids, left
/// aligned, 0-padded, at most MaxLength of the most recent items) and the item that came next.
/// </summary>
public sealed class SessionExamples
{
    /// <summary>Examples from flat arrays.</summary>
    public SessionExamples(int maxLength, int[] prefix, int[] length, int[] target, int[] session)
    {
        if (length.Length != target.Length || session.Length != target.Length || prefix.Length != target.Length * maxLength)
            throw new ArgumentException("inconsistent example arrays.");
        MaxLength = maxLength;
        Prefix = prefix;
        Length = length;
        Target = target;
        Session = session;
    }

    /// <summary>Number of examples.</summary>
    public int Count => Target.Length;

    /// <summary>Width of a prefix row.</summary>
    public int MaxLength { get; }

    /// <summary>Prefix rows (item ids, 0 = padding).</summary>
    public int[] Prefix { get; }

    /// <summary>Real items in each prefix.</summary>
    public int[] Length { get; }

    /// <summary>The next item.</summary>
    public int[] Target { get; }

    /// <summary>Index of the session (in <see cref="SessionData"/>'s order) each example comes from.</summary>
    public int[] Session { get; }

    /// <summary>The real items of example <paramref name="row"/>'s prefix.</summary>
    public ReadOnlySpan<int> PrefixOf(int row) => Prefix.AsSpan(row * MaxLength, Length[row]);
}
