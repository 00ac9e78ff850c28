namespace RecLab.Datasets;

/// <summary>
/// Session-based training data for CORE, RecBole-style: sessions of liked tracks in order; users and tracks with too
/// few liked plays dropped (repeatedly, until both floors hold); tracks renumbered as items 1..N (0 pads); sessions split
/// by start time into train, validation and test; every prefix of a session predicts its next item.
/// </summary>
public sealed class SessionData
{
    private SessionData(SessionDataOptions options, int[] itemToTrack, int[] trackToItem, SessionExamples train, SessionExamples valid,
        SessionExamples test, int[] lastSessionItems, int[] lastSessionOffsets, int[] lastSessionUsers, int sessions, int[] trainCounts)
    {
        Options = options;
        ItemToTrack = itemToTrack;
        TrackToItem = trackToItem;
        Train = train;
        Valid = valid;
        Test = test;
        _lastItems = lastSessionItems;
        _lastOffsets = lastSessionOffsets;
        LastSessionUsers = lastSessionUsers;
        Sessions = sessions;
        TrainItemCounts = trainCounts;
    }

    private readonly int[] _lastItems;
    private readonly int[] _lastOffsets;

    /// <summary>The options used.</summary>
    public SessionDataOptions Options { get; }

    /// <summary>Items, padding included (item 0).</summary>
    public int Items => ItemToTrack.Length;

    /// <summary>Track id of each item (entry 0, the padding, is -1).</summary>
    public int[] ItemToTrack { get; }

    /// <summary>Item id of each world track, or -1 when the track was filtered out.</summary>
    public int[] TrackToItem { get; }

    /// <summary>Training examples.</summary>
    public SessionExamples Train { get; }

    /// <summary>Validation examples.</summary>
    public SessionExamples Valid { get; }

    /// <summary>Test examples.</summary>
    public SessionExamples Test { get; }

    /// <summary>Sessions kept (with at least one item after filtering).</summary>
    public int Sessions { get; }

    /// <summary>Times each item is a training target (the popularity baseline).</summary>
    public int[] TrainItemCounts { get; }

    /// <summary>Users with a kept session, in ascending order; <see cref="LastSessionOf"/> gives their latest one.</summary>
    public int[] LastSessionUsers { get; }

    /// <summary>The items of the latest kept session of the <paramref name="index"/>-th user of <see cref="LastSessionUsers"/>.</summary>
    public ReadOnlySpan<int> LastSessionOf(int index) => _lastItems.AsSpan(_lastOffsets[index], _lastOffsets[index + 1] - _lastOffsets[index]);

    /// <summary>The evaluation protocol in one line, printed with every metric.</summary>
    public string Protocol =>
        $"liked plays (time > {Options.LikeThreshold}) in session order; users and items with ≥ {Options.MinUserInteractions}/{Options.MinItemInteractions} liked plays; " +
        $"sessions split {Options.TrainFraction:0.##}/{Options.ValidFraction:0.##}/{1 - Options.TrainFraction - Options.ValidFraction:0.##} by start time; " +
        $"every prefix (last {Options.MaxLength}) predicts the next item; full ranking over {Items - 1:N0} items, history not removed";

    /// <summary>Builds the data from <paramref name="sessions"/> of a world with <paramref name="trackCount"/> tracks.</summary>
    /// <exception cref="InvalidDataException">Too little left after filtering to train, validate and test.</exception>
    public static SessionData Build(PlaySessions sessions, int trackCount, SessionDataOptions? options = null)
    {
        options = (options ?? new SessionDataOptions()).Validate();
        var liked = sessions.Liked(options.LikeThreshold);
        var keepTrack = new bool[trackCount];
        Array.Fill(keepTrack, true);
        var droppedUsers = new HashSet<int>();
        for (var round = 0; round < 50; round++)
        {
            var trackCounts = new int[trackCount];
            var userCounts = new Dictionary<int, int>();
            for (var s = 0; s < liked.Count; s++)
            {
                if (droppedUsers.Contains(liked.User[s])) continue;
                foreach (var t in liked.Tracks(s))
                {
                    if ((uint)t >= (uint)trackCount) throw new InvalidDataException($"track {t} in the log is not in the world ({trackCount} tracks).");
                    if (!keepTrack[t]) continue;
                    trackCounts[t]++;
                    userCounts[liked.User[s]] = userCounts.GetValueOrDefault(liked.User[s]) + 1;
                }
            }
            var changed = false;
            for (var t = 0; t < trackCount; t++)
                if (keepTrack[t] && trackCounts[t] < options.MinItemInteractions) (keepTrack[t], changed) = (false, true);
            foreach (var u in liked.User)
                if (!droppedUsers.Contains(u) && userCounts.GetValueOrDefault(u) < options.MinUserInteractions) changed |= droppedUsers.Add(u);
            if (!changed) break;
        }

        var itemToTrack = new List<int> { -1 };
        var trackToItem = new int[trackCount];
        Array.Fill(trackToItem, -1);
        for (var t = 0; t < trackCount; t++)
            if (keepTrack[t])
            {
                trackToItem[t] = itemToTrack.Count;
                itemToTrack.Add(t);
            }

        var kept = new List<(int User, int[] Items)>();
        for (var s = 0; s < liked.Count; s++)
        {
            if (droppedUsers.Contains(liked.User[s])) continue;
            var items = new List<int>();
            foreach (var t in liked.Tracks(s))
                if (trackToItem[t] > 0) items.Add(trackToItem[t]);
            if (items.Count > 0) kept.Add((liked.User[s], items.ToArray()));
        }
        var trainEnd = (int)(kept.Count * options.TrainFraction);
        var validEnd = (int)(kept.Count * (options.TrainFraction + options.ValidFraction));
        var builders = new[] { new Builder(options.MaxLength), new Builder(options.MaxLength), new Builder(options.MaxLength) };
        for (var s = 0; s < kept.Count; s++) builders[s < trainEnd ? 0 : s < validEnd ? 1 : 2].AddSession(s, kept[s].Items);
        var (train, valid, test) = (builders[0].Build(), builders[1].Build(), builders[2].Build());
        if (train.Count == 0 || valid.Count == 0 || test.Count == 0)
            throw new InvalidDataException($"after filtering, {kept.Count} sessions give {train.Count}/{valid.Count}/{test.Count} train/validation/test examples; collect a longer log.");
        var counts = new int[itemToTrack.Count];
        foreach (var t in train.Target) counts[t]++;

        var last = new SortedDictionary<int, int[]>();
        foreach (var (user, items) in kept) last[user] = items;
        var offsets = new List<int> { 0 };
        var flat = new List<int>();
        foreach (var items in last.Values)
        {
            flat.AddRange(items.Length > options.MaxLength ? items[^options.MaxLength..] : items);
            offsets.Add(flat.Count);
        }
        return new SessionData(options, [.. itemToTrack], trackToItem, train, valid, test, [.. flat], [.. offsets], [.. last.Keys], kept.Count, counts);
    }

    private sealed class Builder(int maxLength)
    {
        private readonly List<int> _prefix = [];
        private readonly List<int> _length = [];
        private readonly List<int> _target = [];
        private readonly List<int> _session = [];

        public void AddSession(int session, int[] items)
        {
            for (var next = 1; next < items.Length; next++)
            {
                var start = Math.Max(0, next - maxLength);
                for (var i = start; i < next; i++) _prefix.Add(items[i]);
                for (var i = next - start; i < maxLength; i++) _prefix.Add(0);
                _length.Add(next - start);
                _target.Add(items[next]);
                _session.Add(session);
            }
        }

        public SessionExamples Build() => new(maxLength, [.. _prefix], [.. _length], [.. _target], [.. _session]);
    }
}
