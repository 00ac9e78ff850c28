namespace RecLab.Service;

/// <summary>
/// What the service knows about one listening session: the tracks played so far, in order, with their listening
/// times. Recommenders read it (no-repeat, ranked walks, session models); the history store keeps it per session.
/// </summary>
public sealed class SessionHistory
{
    private int[] _tracks = new int[16];
    private double[] _times = new double[16];
    private HashSet<int>? _index;

    /// <summary>Tracks played, oldest first.</summary>
    public ReadOnlySpan<int> Tracks => _tracks.AsSpan(0, Count);

    /// <summary>Listening times of <see cref="Tracks"/>.</summary>
    public ReadOnlySpan<double> Times => _times.AsSpan(0, Count);

    /// <summary>Number of tracks played.</summary>
    public int Count { get; private set; }

    /// <summary>Records a played track.</summary>
    public void Add(int track, double time)
    {
        if (Count == _tracks.Length)
        {
            Array.Resize(ref _tracks, Count * 2);
            Array.Resize(ref _times, Count * 2);
        }
        _tracks[Count] = track;
        _times[Count] = time;
        Count++;
        _index?.Add(track);
    }

    /// <summary>Whether <paramref name="track"/> was played in this session (a linear scan for short sessions, a hash
    /// set once the session is long).</summary>
    public bool Contains(int track)
    {
        if (_index is not null) return _index.Contains(track);
        if (Count > 48)
        {
            _index = new HashSet<int>(Tracks.ToArray());
            return _index.Contains(track);
        }
        return Tracks.Contains(track);
    }

    /// <summary>Forgets everything (for reuse from a pool).</summary>
    public void Clear()
    {
        Count = 0;
        _index = null;
    }
}
