namespace RecLab.Datasets;

/// <summary>
/// Training data for the two-tower DSSM, built from play sessions without leaking held-out plays into features.
/// <list type="bullet">
/// <item>Positives: plays heard more than <see cref="DssmDataOptions.LikeThreshold"/>, in time order over all users.</item>
/// <item>Split: the first part of the positives trains, the next validates, the latest tests (a global time split, as
/// when a model trained on yesterday serves today).</item>
/// <item>A training example's user features are the user's positives strictly before it (at most
/// <see cref="DssmDataOptions.HistoryLength"/>), never the target itself. Validation and test examples see only
/// training positives: held-out plays never enter features. (The course's notebook builds each user's features from
/// all rows, test rows included, which inflates offline metrics.)</item>
/// <item>Candidates: tracks with at least <see cref="DssmDataOptions.MinTrackPositives"/> training positives.</item>
/// </list>
/// </summary>
public sealed class DssmData
{
    private DssmData(DssmDataOptions options, int trackCount, int userCount, DssmExamples train, DssmExamples valid, DssmExamples test,
        bool[] candidate, int[] trainPositives, int[] evalHistory, int[] serveHistory, int skipped)
    {
        Options = options;
        TrackCount = trackCount;
        UserCount = userCount;
        Train = train;
        Valid = valid;
        Test = test;
        IsCandidate = candidate;
        Candidates = Enumerable.Range(0, trackCount).Where(t => candidate[t]).ToArray();
        TrainPositives = trainPositives;
        EvalHistory = evalHistory;
        ServeHistory = serveHistory;
        SkippedWithoutHistory = skipped;
    }

    /// <summary>The options used.</summary>
    public DssmDataOptions Options { get; }

    /// <summary>Tracks in the world (embedding rows).</summary>
    public int TrackCount { get; }

    /// <summary>Users in the world.</summary>
    public int UserCount { get; }

    /// <summary>Training examples.</summary>
    public DssmExamples Train { get; }

    /// <summary>Validation examples (early stopping).</summary>
    public DssmExamples Valid { get; }

    /// <summary>Test examples (offline metrics).</summary>
    public DssmExamples Test { get; }

    /// <summary>Whether each track is a candidate.</summary>
    public bool[] IsCandidate { get; }

    /// <summary>The candidate tracks, ascending.</summary>
    public int[] Candidates { get; }

    /// <summary>Training positives per track (the popularity baseline ranks by it).</summary>
    public int[] TrainPositives { get; }

    /// <summary>Per user, the latest training positives (<c>UserCount × HistoryLength</c>, -1 padded): the user features
    /// offline evaluation uses.</summary>
    public int[] EvalHistory { get; }

    /// <summary>Per user, the latest positives of the whole log: the user features exported lists are built from.</summary>
    public int[] ServeHistory { get; }

    /// <summary>Examples left out because the user had no earlier positive to describe them.</summary>
    public int SkippedWithoutHistory { get; }

    /// <summary>The evaluation protocol in one line, printed with every metric.</summary>
    public string Protocol =>
        $"positives: time > {Options.LikeThreshold}; global time split {1 - Options.ValidFraction - Options.TestFraction:0.##}/{Options.ValidFraction:0.##}/{Options.TestFraction:0.##}; " +
        $"user features: last {Options.HistoryLength} training positives; candidates: {Candidates.Length:N0} tracks with ≥ {Options.MinTrackPositives} training positives; " +
        "full ranking, heard tracks not removed; relevant: the user's distinct test positives";

    /// <summary>Builds the data from <paramref name="sessions"/> for a world of the given size.</summary>
    /// <exception cref="InvalidDataException">Too few positives to split, or a track or user id outside the world.</exception>
    public static DssmData Build(PlaySessions sessions, int trackCount, int userCount, DssmDataOptions? options = null)
    {
        options = (options ?? new DssmDataOptions()).Validate();
        var liked = sessions.Liked(options.LikeThreshold);
        var order = Enumerable.Range(0, liked.Plays).ToArray();
        var userOfPlay = new int[liked.Plays];
        for (var s = 0; s < liked.Count; s++) userOfPlay.AsSpan(liked.Start(s), liked.Length(s)).Fill(liked.User[s]);
        var timestamps = liked.Timestamp;
        Array.Sort(order, (a, b) => timestamps[a] != timestamps[b] ? timestamps[a].CompareTo(timestamps[b]) : a.CompareTo(b));
        var n = order.Length;
        var trainEnd = (int)(n * (1 - options.ValidFraction - options.TestFraction));
        var validEnd = (int)(n * (1 - options.TestFraction));
        if (trainEnd < 2 || validEnd == trainEnd || validEnd == n)
            throw new InvalidDataException($"{n} positives (time > {options.LikeThreshold}) are too few to split into train, validation and test.");
        foreach (var p in order)
        {
            if ((uint)liked.Track[p] >= (uint)trackCount) throw new InvalidDataException($"track {liked.Track[p]} in the log is not in the world ({trackCount} tracks).");
            if ((uint)userOfPlay[p] >= (uint)userCount) throw new InvalidDataException($"user {userOfPlay[p]} in the log is not in the world ({userCount} users).");
        }

        var trainPositives = new int[trackCount];
        for (var i = 0; i < trainEnd; i++) trainPositives[liked.Track[order[i]]]++;
        var candidate = trainPositives.Select(c => c >= options.MinTrackPositives).ToArray();

        var h = options.HistoryLength;
        var recent = new RecentTracks(userCount, h);
        var splits = new[] { new Builder(h), new Builder(h), new Builder(h) };
        int[]? evalHistory = null;
        var skipped = 0;
        for (var i = 0; i < n; i++)
        {
            if (i == trainEnd) evalHistory = recent.Snapshot();
            var p = order[i];
            var (user, track) = (userOfPlay[p], liked.Track[p]);
            var split = i < trainEnd ? 0 : i < validEnd ? 1 : 2;
            if (candidate[track])
            {
                var features = split == 0 ? recent.Row(user) : evalHistory.AsSpan(user * h, h);
                if (features[0] < 0) skipped++;
                else splits[split].Add(user, track, features);
            }
            recent.Add(user, track);
        }
        return new DssmData(options, trackCount, userCount, splits[0].Build(), splits[1].Build(), splits[2].Build(), candidate, trainPositives,
            evalHistory!, recent.Snapshot(), skipped);
    }

    private sealed class Builder(int historyLength)
    {
        private readonly List<int> _user = [];
        private readonly List<int> _target = [];
        private readonly List<int> _history = [];

        public void Add(int user, int target, ReadOnlySpan<int> history)
        {
            _user.Add(user);
            _target.Add(target);
            foreach (var t in history) _history.Add(t);
        }

        public DssmExamples Build() => new(historyLength, [.. _user], [.. _target], [.. _history]);
    }
}
