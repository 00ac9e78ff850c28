namespace RecLab.Simulation;

/// <summary>How <see cref="Simulator"/> runs episodes (sessions).</summary>
public sealed record SimulationOptions
{
    /// <summary>Number of episodes (sessions).</summary>
    public long Episodes { get; init; } = 10_000;

    /// <summary>Root seed; episode i uses its own stream derived from it, so events do not depend on threads.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Worker threads; 0 uses every core.</summary>
    public int Threads { get; init; }

    /// <summary>Session id of the first episode (episode i gets <c>FirstSession + i</c>); lets several runs share a log.</summary>
    public long FirstSession { get; init; }

    /// <summary>Virtual clock: when episode 0 starts.</summary>
    public DateTimeOffset Start { get; init; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Virtual clock: time between the starts of consecutive episodes.</summary>
    public TimeSpan EpisodeSpacing { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Virtual clock: time between consecutive requests of one session (about one track).</summary>
    public TimeSpan StepDuration { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Episodes a worker takes at a time (and the unit of ordered logging).</summary>
    public int EpisodesPerBlock { get; init; } = 4096;

    /// <summary>Cap on tracks per session (see <see cref="Listener.MaxSessionLength"/>).</summary>
    public int MaxSessionLength { get; init; } = Listener.DefaultMaxSessionLength;

    /// <summary>The number of worker threads this resolves to.</summary>
    public int ResolvedThreads => Threads > 0 ? Threads : Environment.ProcessorCount;

    /// <summary>Checks every field; the message names the bad one.</summary>
    public SimulationOptions Validate()
    {
        if (Episodes < 0) throw new ArgumentException($"SimulationOptions.Episodes = {Episodes}: must not be negative.", nameof(Episodes));
        if (Threads < 0) throw new ArgumentException($"SimulationOptions.Threads = {Threads}: must not be negative (0 = all cores).", nameof(Threads));
        if (FirstSession < 0) throw new ArgumentException($"SimulationOptions.FirstSession = {FirstSession}: must not be negative.", nameof(FirstSession));
        if (EpisodesPerBlock < 1) throw new ArgumentException($"SimulationOptions.EpisodesPerBlock = {EpisodesPerBlock}: must be positive.", nameof(EpisodesPerBlock));
        if (MaxSessionLength < 2) throw new ArgumentException($"SimulationOptions.MaxSessionLength = {MaxSessionLength}: must be at least 2.", nameof(MaxSessionLength));
        if (EpisodeSpacing < TimeSpan.Zero || StepDuration < TimeSpan.Zero) throw new ArgumentException("SimulationOptions.EpisodeSpacing and StepDuration must not be negative.", nameof(StepDuration));
        return this;
    }
}

/// <summary>Where a running simulation is.</summary>
/// <param name="Episodes">Episodes finished.</param>
/// <param name="TotalEpisodes">Episodes asked for.</param>
/// <param name="Steps">Recommendation requests made so far.</param>
/// <param name="Elapsed">Wall time so far.</param>
public sealed record SimulationProgress(long Episodes, long TotalEpisodes, long Steps, TimeSpan Elapsed);

/// <summary>What a simulation did.</summary>
/// <param name="Episodes">Sessions simulated.</param>
/// <param name="Steps">Recommendation requests (<c>next</c>); events logged = steps + episodes.</param>
/// <param name="CappedSessions">Sessions that hit the length cap.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="Threads">Worker threads used.</param>
public sealed record SimulationSummary(long Episodes, long Steps, long CappedSessions, TimeSpan Elapsed, int Threads)
{
    /// <summary>Requests per second of wall time.</summary>
    public double StepsPerSecond => Steps / Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>Sessions per second of wall time.</summary>
    public double EpisodesPerSecond => Episodes / Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>Mean tracks per session (first and last included): (steps + episodes) / episodes.</summary>
    public double MeanSessionLength => Episodes == 0 ? 0 : (double)(Steps + Episodes) / Episodes;
}
