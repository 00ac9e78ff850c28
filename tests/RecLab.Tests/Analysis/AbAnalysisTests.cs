using RecLab.Analysis;
using RecLab.Events;
using RecLab.Experiments;
using RecLab.Recommenders;
using RecLab.Simulation;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Analysis;

public sealed class AbAnalysisTests
{
    private static readonly Lazy<string> SimulatedLog = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), "reclab-tests", "ab-" + Guid.NewGuid().ToString("N")[..8]);
        var world = Worlds.Small;
        var experiment = Experiment.Create("AB", new RecommenderFactory(world), "random", "sticky-artist", "random");
        return DataCollection.Run(world, [experiment], dir, new SimulationOptions { Episodes = 20_000, Seed = 9 }).LogPath;
    });

    [Fact]
    public void A_real_improvement_is_significant_and_an_identical_arm_is_not()
    {
        var report = AbAnalysis.Run([SimulatedLog.Value], new AbOptions { Experiment = "AB" });

        var sticky = report.Get("T1", AbMetrics.MeanTimePerSession);
        var same = report.Get("T2", AbMetrics.MeanTimePerSession);
        Assert.True(sticky.Significant && sticky.Effect > 20, $"{sticky}");
        Assert.InRange(sticky.Effect, sticky.Lower, sticky.Upper);
        Assert.False(same.Significant, $"{same}");
        Assert.Equal(2 * AbMetrics.All.Count, report.Results.Count);
        Assert.All(report.Results, r => Assert.True(r.PAdjusted >= r.PValue));
        Assert.False(report.SampleRatio.Mismatch);
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public void Reading_events_whole_or_summing_sessions_while_reading_gives_the_same_numbers()
    {
        var summed = AbAnalysis.Run([SimulatedLog.Value], new AbOptions { Experiment = "AB" });
        var whole = AbAnalysis.Run(EventLogReader.Read(SimulatedLog.Value), new AbOptions { Experiment = "AB" });

        Assert.Equal(whole.Results.Count, summed.Results.Count);
        for (var i = 0; i < whole.Results.Count; i++)
        {
            Assert.Equal(whole.Results[i].Effect, summed.Results[i].Effect, 9);
            Assert.Equal(whole.Results[i].PValue, summed.Results[i].PValue, 9);
        }
    }

    [Fact]
    public void The_dataframe_has_the_courses_columns_plus_p_values()
    {
        var report = AbAnalysis.Run([SimulatedLog.Value], new AbOptions { Experiment = "AB", Metrics = [AbMetrics.MeanTimePerSession] });

        var frame = report.ToDataFrame();

        Assert.Equal(["treatment", "metric", "effect", "upper", "lower", "control_mean", "treatment_mean", "significant", "p_value", "p_adjusted"],
            frame.Columns.Select(c => c.Name));
        Assert.Equal(2, frame.Rows.Count);
        var html = report.ToHtml();
        Assert.Contains("background:#dafbe1\">True", html);
        Assert.Contains("background:#ffebe9\">False", html);
    }

    [Fact]
    public void Bootstrap_and_Welch_intervals_agree_on_a_large_effect()
    {
        var report = AbAnalysis.Run([SimulatedLog.Value], new AbOptions { Experiment = "AB", Metrics = [AbMetrics.MeanTimePerSession], BootstrapResamples = 400 });

        var r = report.Get("T1", AbMetrics.MeanTimePerSession);
        Assert.NotNull(r.Bootstrap);
        Assert.Equal(r.Effect, r.Bootstrap!.Effect, 6);
        Assert.True(Math.Abs(r.Bootstrap.Lower - r.Lower) < 0.25 * (r.Upper - r.Lower));
    }

    [Fact]
    public void Cuped_with_a_pre_period_narrows_the_interval()
    {
        var world = Worlds.Small;
        using var dir = new TempDir();
        var factory = new RecommenderFactory(world);
        var pre = DataCollection.Run(world, [Experiment.Create("AB", factory, "random", "random", "random")], dir.File("pre"), new SimulationOptions { Episodes = 20_000, Seed = 1 });
        var (preSessions, _) = Sessionizer.Build(EventLogReader.Read(pre.LogPath), "AB");

        var plain = AbAnalysis.Run([SimulatedLog.Value], new AbOptions { Experiment = "AB", Metrics = [AbMetrics.MeanTimePerSession] });
        var cuped = AbAnalysis.Run([SimulatedLog.Value], new AbOptions { Experiment = "AB", Metrics = [AbMetrics.MeanTimePerSession], PrePeriod = UserMetrics.From(preSessions) });

        var (p, c) = (plain.Get("T1", AbMetrics.MeanTimePerSession), cuped.Get("T1", AbMetrics.MeanTimePerSession));
        Assert.Equal("welch+cuped", c.Method);
        Assert.True(c.Upper - c.Lower < 0.9 * (p.Upper - p.Lower), $"plain width {p.Upper - p.Lower}, CUPED width {c.Upper - c.Lower}");
        Assert.InRange(c.Effect, p.Lower, p.Upper);
    }

    [Fact]
    public void An_unknown_experiment_or_control_arm_names_what_the_log_has()
    {
        var events = new EventsBuilder().Session(1, 0, "C", 1, 0.5).Session(2, 0, "T1", 2, 0.5).Build();

        Assert.Contains("experiments found: E", Assert.Throws<ArgumentException>(() => AbAnalysis.Run(events, new AbOptions { Experiment = "X" })).Message);
        Assert.Contains("control arm 'K' has no users", Assert.Throws<ArgumentException>(() => AbAnalysis.Run(events, new AbOptions { Experiment = "E", Control = "K" })).Message);
    }
}
