namespace RecLab.Datasets;

/// <summary>Each user's most recent tracks, at most <c>capacity</c>, newest first, -1 padded: the rolling user features
/// of <see cref="DssmData"/>.</summary>
internal sealed class RecentTracks
{
    private readonly int[] _rows;
    private readonly int _capacity;

    public RecentTracks(int users, int capacity)
    {
        _capacity = capacity;
        _rows = new int[users * capacity];
        Array.Fill(_rows, -1);
    }

    /// <summary>The user's row, newest first.</summary>
    public ReadOnlySpan<int> Row(int user) => _rows.AsSpan(user * _capacity, _capacity);

    /// <summary>Puts <paramref name="track"/> first, dropping the oldest when full.</summary>
    public void Add(int user, int track)
    {
        var row = _rows.AsSpan(user * _capacity, _capacity);
        row[..^1].CopyTo(row[1..]);
        row[0] = track;
    }

    /// <summary>A copy of every row.</summary>
    public int[] Snapshot() => (int[])_rows.Clone();
}
