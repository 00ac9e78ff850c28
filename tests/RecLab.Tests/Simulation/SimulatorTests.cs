using RecLab.Analysis;
using RecLab.Events;
using RecLab.Experiments;
using RecLab.Recommenders;
using RecLab.Simulation;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Simulation;

public sealed class SimulatorTests
{
    private static EventTable Collect(TempDir dir, string name, int threads, int episodes = 3_000, int perBlock = 256)
    {
        var world = Worlds.Small;
        var experiment = Experiment.Create("DET", new RecommenderFactory(world), "random", "no-repeat(sticky-artist)", "toppop:50");
        var run = DataCollection.Run(world, [experiment], dir.File(name),
            new SimulationOptions { Episodes = episodes, Seed = 5, Threads = threads, EpisodesPerBlock = perBlock });
        Assert.Equal(episodes, run.Summary.Episodes);
        return EventLogReader.Read(run.LogPath);
    }

    [Fact]
    public void The_same_seed_gives_the_same_events_whatever_the_thread_count()
    {
        using var dir = new TempDir();

        var one = Collect(dir, "one", threads: 1);
        var four = Collect(dir, "four", threads: 4);

        Assert.Equal(one.Count, four.Count);
        Assert.Equal(one.User, four.User);
        Assert.Equal(one.Track, four.Track);
        Assert.Equal(one.Time, four.Time);
        Assert.Equal(one.Recommendation, four.Recommendation);
        Assert.Equal(one.Timestamp, four.Timestamp);
        Assert.Equal(one.Session, four.Session);
        Assert.Equal(one.IsLast, four.IsLast);
        Assert.Equal(one.ExperimentsCode.Select(c => one.ExperimentsValues[c]), four.ExperimentsCode.Select(c => four.ExperimentsValues[c]));
    }

    [Fact]
    public void Another_seed_gives_other_events()
    {
        using var dir = new TempDir();
        var world = Worlds.Small;
        var experiment = Experiment.Create("DET", new RecommenderFactory(world), "random");
        var a = DataCollection.Run(world, [experiment], dir.File("a"), new SimulationOptions { Episodes = 200, Seed = 1 });
        var b = DataCollection.Run(world, [experiment], dir.File("b"), new SimulationOptions { Episodes = 200, Seed = 2 });

        Assert.NotEqual(EventLogReader.Read(a.LogPath).User, EventLogReader.Read(b.LogPath).User);
    }

    [Fact]
    public void Sessions_are_logged_whole_with_a_virtual_clock_and_session_ids()
    {
        using var dir = new TempDir();
        var events = Collect(dir, "clock", threads: 2, episodes: 500);

        var (sessions, diagnostics) = Sessionizer.Build(events, "DET");

        Assert.Equal(500, sessions.Count);
        Assert.Equal(0, diagnostics.DroppedAfterLast);
        Assert.True(diagnostics.BySessionId);
        Assert.All(sessions.Tracks, t => Assert.True(t >= 6));
        Assert.Equal(events.Count, sessions.Tracks.Sum());
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), events.Timestamp.Min());
        var first = Enumerable.Range(0, events.Count).Where(i => events.Session[i] == 7).ToArray();
        Assert.Equal(first.Select((_, step) => events.Timestamp[first[0]] + step * 60_000L), first.Select(i => events.Timestamp[i]));
        Assert.Equal(1.0, events.Time[first[0]]);
        Assert.True(events.IsLast[first[^1]]);
        Assert.Equal(-1, events.Recommendation[first[^1]]);
        Assert.Equal(events.Recommendation[first[0]], events.Track[first[1]]);
    }

    [Fact]
    public void Calibration_Random_gives_about_7_tracks_and_2_time_and_StickyArtist_lifts_time_by_30_to_70_percent()
    {
        using var dir = new TempDir();
        var world = Worlds.Default;
        var experiment = Experiment.Create("CALIBRATION", new RecommenderFactory(world), "random", "sticky-artist");

        var run = DataCollection.Run(world, [experiment], dir.File("cal"), new SimulationOptions { Episodes = 8_000, Seed = 11 });
        var (sessions, _) = Sessionizer.Build(EventLogReader.Read(run.LogPath), "CALIBRATION");
        var summary = sessions.ArmSummary();
        double Mean(string column, int arm) => (double)summary[column][arm];

        // Course: Random 7.05 tracks and 2.05 time per session; StickyArtist +45.6% time per session.
        Assert.InRange(Mean("mean_tracks_per_session", 0), 6.7, 7.3);
        Assert.InRange(Mean("mean_time_per_session", 0), 1.85, 2.2);
        var lift = Mean("mean_time_per_session", 1) / Mean("mean_time_per_session", 0) - 1;
        Assert.InRange(lift, 0.30, 0.70);
    }
}
