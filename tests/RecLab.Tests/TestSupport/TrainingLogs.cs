using RecLab.Datasets;
using RecLab.Events;
using RecLab.Experiments;
using RecLab.Recommenders;
using RecLab.Simulation;

namespace RecLab.Tests.TestSupport;

/// <summary>A small baselines log on <see cref="Worlds.Small"/> (30,000 sessions, seed 3), as play sessions, shared by
/// the training tests.</summary>
public static class TrainingLogs
{
    private static readonly Lazy<PlaySessions> SmallLog = new(() =>
    {
        using var dir = new TempDir();
        var world = Worlds.Small;
        var run = DataCollection.Run(world, [StandardExperiments.Baselines(new RecommenderFactory(world))], dir.File("log"),
            new SimulationOptions { Episodes = 30_000, Seed = 3 });
        return PlaySessions.FromEvents(EventLogReader.Read(new EventReadOptions { Tracks = true }, run.LogPath));
    });

    /// <summary>The sessions.</summary>
    public static PlaySessions Small => SmallLog.Value;
}
