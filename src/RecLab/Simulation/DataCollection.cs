using System.Globalization;
using RecLab.Events;
using RecLab.Experiments;
using RecLab.Notebooks;
using RecLab.Service;
using RecLab.World;

namespace RecLab.Simulation;

/// <summary>The outcome of <see cref="DataCollection.Run"/>: what ran, and where its log is.</summary>
/// <param name="Summary">Episodes, steps, speed.</param>
/// <param name="LogPath">The complete event log (Parquet).</param>
/// <param name="Experiments">The experiments that ran; the first routed requests.</param>
public sealed record DataCollectionRun(SimulationSummary Summary, string LogPath, IReadOnlyList<Experiment> Experiments);

/// <summary>
/// Collects data the way notebook 01 and <c>reclab simulate</c> do: the embedded Botify (in process) serves the
/// experiments, the simulator drives listeners against it, and every request lands in one complete event log.
/// </summary>
public static class DataCollection
{
    /// <summary>The service seed a run with simulation seed <paramref name="simulationSeed"/> uses. A service (or stack)
    /// configured with it answers every session exactly as the embedded one does, since recommendation randomness is
    /// drawn per (seed, session, step).</summary>
    public static ulong ServiceSeed(ulong simulationSeed) => new SeedSequence(simulationSeed).Derive("botify");

    /// <summary>Runs <paramref name="options"/>' episodes against <paramref name="experiments"/> and writes
    /// <paramref name="logPath"/> (a <c>.parquet</c> file; a folder gets <c>events.parquet</c>).</summary>
    /// <param name="world">The world.</param>
    /// <param name="experiments">Experiments; the first routes requests.</param>
    /// <param name="logPath">Where the log goes.</param>
    /// <param name="options">Episodes, seed, threads.</param>
    /// <param name="progress">Progress; inside a notebook a live bar is shown when this is null.</param>
    /// <param name="cancellation">Stops early (the log is then left incomplete, and says so).</param>
    public static DataCollectionRun Run(MusicWorld world, IReadOnlyList<Experiment> experiments, string logPath,
        SimulationOptions options, IProgress<SimulationProgress>? progress = null, CancellationToken cancellation = default)
    {
        var file = logPath.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? logPath : Path.Combine(logPath, "events.parquet");
        progress ??= NotebookProgress.TryCreate($"Simulating {options.Episodes:N0} sessions")
            ?.For<SimulationProgress>(p => (p.Episodes, p.TotalEpisodes, $"{p.Steps:N0} requests"));
        var metadata = new Dictionary<string, string>
        {
            ["reclab.source"] = "simulation (embedded service)",
            ["reclab.seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
            [EventLogSchema.WorldKey] = EventLogWorld.Of(world),
            ["reclab.experiments"] = string.Join("; ", experiments.Select(e => $"{e.Name}: {string.Join(", ", e.Arms.Select(a => $"{a.Name}={a.Spec}"))}")),
        };
        using var log = EventLogWriter.Create(file, metadata);
        var botify = new Botify(world, experiments, log, options: new BotifyOptions { Seed = ServiceSeed(options.Seed) });
        var summary = Simulator.Run(world, botify, options, log, progress, cancellation);
        log.Complete();
        return new DataCollectionRun(summary, log.Path, experiments);
    }
}
