using RecLab.Analysis;
using RecLab.Events;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Analysis;

/// <summary>
/// The course notebook's analysis on a two-replica log with millisecond ties, checked against a pandas / SciPy
/// re-implementation of that notebook (files concatenated in the order given, each user's rows sorted by timestamp
/// with a stable sort, sessions cut at each <c>last</c>, per-user metrics, Welch intervals in percent of control).
/// </summary>
public sealed class AbAnalysisOrderTests
{
    private const string Experiment = "EXP";

    private const string PandasCourseAnalysis = """
        import json, sys
        import numpy as np, pandas as pd
        from scipy import stats
        spec = json.load(sys.stdin)
        exp, alpha = spec["experiment"], 0.05
        out = []
        for files in spec["orders"]:
            data = pd.concat([pd.read_json(f, lines=True, convert_dates=False) for f in files], ignore_index=True)
            data = data.sort_values("timestamp", kind="stable").sort_values("user", kind="stable")
            data["is_last"] = data["message"] == "last"
            data["session"] = data.groupby("user")["is_last"].transform(lambda s: s.cumsum().shift(fill_value=0))
            data = data[data["session"] < data.groupby("user")["is_last"].transform("sum")].copy()
            data["arm"] = data["experiments"].map(lambda e: e.get(exp))
            sessions = data.groupby(["user", "session"], sort=False).agg(
                time=("time", "sum"), tracks=("track", "size"), latency=("latency", "sum"), arm=("arm", "last")).reset_index()
            sessions = sessions[sessions["arm"].notna()]
            users = sessions.groupby(["user", "arm"]).agg(
                sessions=("time", "size"), time=("time", "sum"), tracks=("tracks", "sum"), latency=("latency", "sum")).reset_index()
            users["mean_request_latency"] = users["latency"] / users["tracks"] * 1000
            users["mean_tracks_per_session"] = users["tracks"] / users["sessions"]
            users["mean_time_per_session"] = users["time"] / users["sessions"]
            results = {}
            for metric in ["sessions", "time", "mean_request_latency", "mean_tracks_per_session", "mean_time_per_session"]:
                c = users.loc[users["arm"] == "C", metric].to_numpy(dtype=float)
                t = users.loc[users["arm"] == "T1", metric].to_numpy(dtype=float)
                qc, qt = c.var(ddof=1) / len(c), t.var(ddof=1) / len(t)
                df = (qc + qt) ** 2 / (qc ** 2 / (len(c) - 1) + qt ** 2 / (len(t) - 1))
                half = stats.t.ppf(1 - alpha / 2, df) * np.sqrt(qc + qt)
                diff = t.mean() - c.mean()
                scale = 100 / c.mean()
                results[metric] = {"effect": diff * scale, "lower": (diff - half) * scale, "upper": (diff + half) * scale,
                                   "p": float(stats.ttest_ind(t, c, equal_var=False).pvalue)}
            out.append({"sessions": int(len(sessions)), "results": results})
        print(json.dumps(out))
        """;

    [Fact]
    public void Course_order_equals_a_pandas_reimplementation_of_the_course_notebook_to_1e_9_in_either_folder_order()
    {
        using var dir = new TempDir();
        var (r1, r2) = TiedCourseLog.Write(dir, Experiment, seed: 15);
        string[][] orders = [[r1, r2], [r2, r1]];

        using var reference = PythonReference.Run(PandasCourseAnalysis, new
        {
            experiment = Experiment,
            orders = orders.Select(o => o.Select(f => Path.Combine(f, "data.json")).ToArray()),
        });

        var expected = reference.RootElement.EnumerateArray().ToList();
        for (var o = 0; o < orders.Length; o++)
        {
            var report = AbAnalysis.Run(orders[o], new AbOptions { Experiment = Experiment, Order = EventOrder.Course });
            Assert.Equal(expected[o].GetProperty("sessions").GetInt32(), report.Sessions!.Count);
            foreach (var metric in AbMetrics.All)
            {
                var want = expected[o].GetProperty("results").GetProperty(metric);
                var ours = report.Get("T1", metric);
                AssertClose(want.GetProperty("effect").GetDouble(), ours.Effect, $"order {o} {metric} effect");
                AssertClose(want.GetProperty("lower").GetDouble(), ours.Lower, $"order {o} {metric} lower");
                AssertClose(want.GetProperty("upper").GetDouble(), ours.Upper, $"order {o} {metric} upper");
                AssertClose(want.GetProperty("p").GetDouble(), ours.PValue, $"order {o} {metric} p");
            }
        }
        // The log is one where the order matters: swapping the folders moves the course's numbers.
        var tracksAb = expected[0].GetProperty("results").GetProperty(AbMetrics.MeanTracksPerSession).GetProperty("effect").GetDouble();
        var tracksBa = expected[1].GetProperty("results").GetProperty(AbMetrics.MeanTracksPerSession).GetProperty("effect").GetDouble();
        Assert.True(Math.Abs(tracksAb - tracksBa) > 1e-6, $"swapping the folders left the course's effect at {tracksAb}: the log has no consequential ties");
    }

    [Fact]
    public void Chain_order_is_the_same_in_either_folder_order_and_the_report_sets_it_beside_course_order()
    {
        using var dir = new TempDir();
        var (r1, r2) = TiedCourseLog.Write(dir, Experiment, seed: 15);

        var ab = AbAnalysis.Run([r1, r2], new AbOptions { Experiment = Experiment });
        var ba = AbAnalysis.Run([r2, r1], new AbOptions { Experiment = Experiment });
        var courseAb = AbAnalysis.Run([r1, r2], new AbOptions { Experiment = Experiment, Order = EventOrder.Course });

        Assert.Equal(ab.Results.Select(r => r.Effect), ba.Results.Select(r => r.Effect));
        var sensitivity = ab.OrderSensitivity!;
        Assert.True(sensitivity.TiedRows > 0);
        foreach (var metric in AbMetrics.All)
        {
            var e = sensitivity.Get("T1", metric)!;
            Assert.Equal(ab.Get("T1", metric).Effect, e.EffectChain);
            Assert.Equal(courseAb.Get("T1", metric).Effect, e.EffectCourse);
        }
        Assert.True(sensitivity.MaxShift > 0);
        Assert.Contains(ab.Warnings, w => w.Contains("rows tie with another row of their user") && w.Contains("between --order chain and --order course"));
    }

    [Fact]
    public void Tie_breaks_are_told_apart_from_interleaving_in_the_warnings()
    {
        // User 1: 10 -> 11 -> 12 -> last 13 with 11 and 12 tied in different replicas; user 2: 20 -> 21 -> last 22 with
        // 20 and 21 tied; user 3: 30 -> 31 -> last 32, all at one millisecond. In course order a, b the tied rows keep
        // file order: 10 12 11 13 (three breaks: 12 after 10, 11 after 12, 13 after 11), 20 21 22 (none), 30 32 | 31
        // (one break, 32 after 30; then 31 after the last is dropped), every break at or after a tied row.
        using var dir = new TempDir();
        var (logA, logB) = TiedCourseLog.ThreeUsers(dir);
        var events = CourseJsonLog.Read([logA, logB], false, out _);

        var (_, course) = Sessionizer.Build(events, "E", order: EventOrder.Course);
        var (_, chain) = Sessionizer.Build(events, "E", order: EventOrder.Chain);

        Assert.Equal((4L, 4L, 0L, 1L), (course.ChainBreaks, course.TiedBreaks, course.InterleavedBreaks, course.DroppedAfterLast));
        Assert.Equal(7, course.TiedRows);
        Assert.DoesNotContain(course.Warnings, w => w.Contains("interleave"));
        Assert.Contains(course.Warnings, w => w.StartsWith("4 requests did not continue") && w.Contains("7 rows tie") && w.Contains("--order course"));
        Assert.Equal((0L, 0L, 0L), (chain.ChainBreaks, chain.InterleavedBreaks, chain.DroppedAfterLast));
        Assert.Equal(3, chain.Sessions);
    }

    [Fact]
    public void Breaks_between_distinct_timestamps_are_reported_as_interleaving()
    {
        // One user's two concurrent sessions, 1 ms apart each step and never tied: 10 -> 11 -> last 12 and
        // 20 -> 21 -> last 22 interleaved as 10 20 11 21 12 22.
        var events = new EventsBuilder()
            .Next(1, 100, 10, 1.0, 11).Next(1, 101, 20, 1.0, 21).Next(1, 102, 11, 0.5, 12)
            .Next(1, 103, 21, 0.5, 22).Last(1, 104, 12, 0.1).Last(1, 105, 22, 0.1)
            .Build();

        var (_, diagnostics) = Sessionizer.Build(events, "E", order: EventOrder.Course);

        Assert.Equal((0L, 4L, 4L, 1L), (diagnostics.TiedRows, diagnostics.ChainBreaks, diagnostics.InterleavedBreaks, diagnostics.UsersInterleaved));
        Assert.Contains(diagnostics.Warnings, w => w.StartsWith("4 requests of 1 users did not continue") && w.Contains("concurrent sessions of one user interleave"));
        Assert.DoesNotContain(diagnostics.Warnings, w => w.Contains("same timestamp"));
    }

    private static void AssertClose(double expected, double actual, string what)
    {
        var error = Math.Abs(actual - expected) / Math.Max(1, Math.Abs(expected));
        Assert.True(error <= 1e-9, $"{what}: pandas gives {expected:R}, RecLab {actual:R} (error {error:E2})");
    }
}
