namespace RecLab.Service;

/// <summary>
/// Per-session state of a recommender that is not a play: what it recommended, counts per artist, a position in a
/// list. Named integer values, kept by the history store under the same rules as the session's history: scoped to
/// (user, session), shared by replicas through Redis, forgotten at <c>last</c>. A recommender reads and changes it
/// through <see cref="Recommenders.RecommendationContext.State"/> (declaring
/// <see cref="Recommenders.IRecommender.UsesState"/>); the service writes the changes back before it answers, so the
/// session's next request sees them on whichever replica it lands.
/// </summary>
/// <remarks>Keys are short texts chosen by the recommender (e.g. <c>t:123</c> for "recommended track 123",
/// <c>a:45</c> for "times artist 45 was recommended", <c>pos</c>); a value of 0 is the same as no entry. Requests of
/// one session come one at a time, as a listener makes them, so the object is not locked.</remarks>
public sealed class SessionState
{
    private readonly Dictionary<string, long> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);

    /// <summary>Number of non-zero entries.</summary>
    public int Count => _values.Count;

    /// <summary>Whether anything changed since the store last saved or loaded the state.</summary>
    public bool IsDirty => _changed.Count > 0;

    /// <summary>The entries, in no particular order.</summary>
    public IEnumerable<KeyValuePair<string, long>> Entries => _values;

    /// <summary>The value of <paramref name="key"/>, 0 when absent.</summary>
    public long Get(string key) => _values.GetValueOrDefault(key);

    /// <summary>Whether <paramref name="key"/> has a non-zero value.</summary>
    public bool Contains(string key) => _values.ContainsKey(key);

    /// <summary>Sets <paramref name="key"/> (0 removes it).</summary>
    public void Set(string key, long value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (value == 0 ? !_values.Remove(key) : _values.TryGetValue(key, out var old) && old == value) return;
        if (value != 0) _values[key] = value;
        _changed.Add(key);
    }

    /// <summary>Adds <paramref name="by"/> to <paramref name="key"/> and returns the new value.</summary>
    public long Increment(string key, long by = 1)
    {
        var value = Get(key) + by;
        Set(key, value);
        return value;
    }

    /// <summary>The keys changed since the last save, with their values now (0 for removed keys).</summary>
    public IEnumerable<KeyValuePair<string, long>> Changes => _changed.Select(k => new KeyValuePair<string, long>(k, Get(k)));

    /// <summary>Marks the state saved (called by the store).</summary>
    public void MarkSaved() => _changed.Clear();

    /// <summary>Loads an entry as stored, without marking it changed (called by the store).</summary>
    public void Load(string key, long value)
    {
        if (value != 0) _values[key] = value;
    }

    /// <summary>Forgets everything (for reuse from a pool).</summary>
    public void Clear()
    {
        _values.Clear();
        _changed.Clear();
    }
}
