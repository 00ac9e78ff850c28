using RecLab.Analysis;
using RecLab.Events;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Analysis;

public sealed class SessionizerTests
{
    [Fact]
    public void A_session_counts_first_and_last_track_and_its_time_includes_the_first_tracks_one()
    {
        var events = new EventsBuilder().Session(1, 100, "C", -1, 0.5, 0.25, 0.0).Build();

        var (sessions, diagnostics) = Sessionizer.Build(events, "E");

        Assert.Equal(1, sessions.Count);
        Assert.Equal(4, sessions.Tracks[0]);
        Assert.Equal(1.75, sessions.Time[0]);
        Assert.Equal(100, sessions.Start[0]);
        Assert.False(diagnostics.BySessionId);
    }

    [Fact]
    public void Rows_after_a_users_final_last_are_dropped_and_a_user_without_last_has_no_session()
    {
        var events = new EventsBuilder()
            .Session(1, 100, "C", -1, 0.5, 0.5)
            .Next(1, 200, 5, 1.0, 6).Next(1, 201, 6, 0.3, 7)
            .Next(2, 100, 9, 1.0, 10).Next(2, 101, 10, 0.1, 11)
            .Build();

        var (sessions, diagnostics) = Sessionizer.Build(events, "E");

        Assert.Equal([1], sessions.User);
        Assert.Equal(4, diagnostics.DroppedAfterLast);
        Assert.Contains(diagnostics.Warnings, w => w.Contains("4 events after the final 'last'"));
    }

    [Fact]
    public void Out_of_order_timestamps_are_put_in_time_order_before_cutting()
    {
        // Session A (t 10..12) and B (t 20..22) of one user, rows shuffled in the file.
        var events = new EventsBuilder()
            .Last(1, 22, 32, 0.2)
            .Next(1, 10, 10, 1.0, 11)
            .Next(1, 21, 31, 0.9, 32)
            .Last(1, 12, 12, 0.4)
            .Next(1, 20, 30, 1.0, 31)
            .Next(1, 11, 11, 0.5, 12)
            .Build();

        var (sessions, _) = Sessionizer.Build(events, "E");

        Assert.Equal([3, 3], sessions.Tracks);
        Assert.Equal([1.9, 2.1], sessions.Time.Select(t => Math.Round(t, 10)));
    }

    [Fact]
    public void Interleaved_sessions_of_one_user_without_ids_are_detected_merged_like_the_course_or_split_by_chain()
    {
        // Two concurrent sessions of user 1: chain 10 -> 11 -> 12 (last) and 50 -> 51 (last), interleaved in time.
        var events = new EventsBuilder()
            .Next(1, 1, 10, 1.0, 11)
            .Next(1, 2, 50, 1.0, 51)
            .Next(1, 3, 11, 0.5, 12)
            .Last(1, 4, 51, 0.2)
            .Last(1, 5, 12, 0.3)
            .Build();

        var (merged, mergedDiagnostics) = Sessionizer.Build(events, "E");
        var (split, splitDiagnostics) = Sessionizer.Build(events, "E", InterleavedSessions.SplitByChain);

        Assert.Equal([4, 1], merged.Tracks);
        Assert.Equal(3, mergedDiagnostics.ChainBreaks);
        Assert.Equal(1, mergedDiagnostics.UsersWithBreaks);
        Assert.Contains(mergedDiagnostics.Warnings, w => w.Contains("merged into one session until each 'last', as the course's notebook does"));
        Assert.Equal([2, 3], split.Tracks.Order());
        Assert.Equal([1.2, 1.8], split.Time.Select(t => Math.Round(t, 10)).Order());
        Assert.Contains(splitDiagnostics.Warnings, w => w.Contains("separated by following each track"));
    }

    [Fact]
    public void Session_ids_keep_concurrent_sessions_apart_without_any_warning()
    {
        var events = new EventsBuilder()
            .Next(1, 1, 10, 1.0, 11, session: 7)
            .Next(1, 2, 50, 1.0, 51, session: 8)
            .Next(1, 3, 11, 0.5, 12, session: 7)
            .Last(1, 4, 51, 0.2, session: 8)
            .Last(1, 5, 12, 0.3, session: 7)
            .Build();

        var (sessions, diagnostics) = Sessionizer.Build(events, "E");

        Assert.True(diagnostics.BySessionId);
        Assert.Equal([7L, 8L], sessions.Session);
        Assert.Equal([3, 2], sessions.Tracks);
        Assert.Empty(diagnostics.Warnings);
    }

    [Fact]
    public void Sessions_of_users_outside_the_experiment_or_in_unknown_arms_are_left_out_and_counted()
    {
        var events = new EventsBuilder()
            .Session(1, 0, "C", -1, 0.5)
            .Session(2, 0, "T1", -1, 0.5)
            .Session(3, 0, "", -1, 0.5)
            .Session(4, 0, "T7", -1, 0.5)
            .Build();

        var (sessions, diagnostics) = Sessionizer.Build(events, "E");

        Assert.Equal(["C", "T1", "T7"], sessions.Arms);
        Assert.Equal(3, sessions.Count);
        Assert.Equal(1, diagnostics.NotInExperiment);
        Assert.Contains(diagnostics.Warnings, w => w.Contains("1 sessions belong to users outside the experiment"));
    }

    [Fact]
    public void Summing_sessions_while_reading_gives_the_same_sessions_as_cutting_the_events()
    {
        using var dir = new TempDir();
        var builder = new EventsBuilder();
        var rng = new Rng(3);
        for (var s = 0; s < 300; s++)
        {
            var times = Enumerable.Range(0, 2 + rng.NextInt(8)).Select(_ => Math.Round(rng.NextDouble(), 2)).ToArray();
            builder.Session(s % 37, s * 100, s % 3 == 0 ? "C" : "T1", s, times);
        }
        builder.Next(99, 50_000, 1, 1.0, 2, session: 10_000);
        var path = builder.WriteParquet(dir.File("log.parquet"));

        var (cut, cutDiagnostics) = Sessionizer.Build(EventLogReader.Read(path), "E");
        var (summed, summedDiagnostics) = Sessionizer.FromSummaries(EventLogReader.SummarizeSessions([path])!, "E");

        Assert.Equal(cut.Session, summed.Session);
        Assert.Equal(cut.Tracks, summed.Tracks);
        Assert.Equal(cut.Time, summed.Time);
        Assert.Equal(cut.Arm, summed.Arm);
        Assert.Equal(cutDiagnostics with { }, summedDiagnostics with { });
    }

    [Fact]
    public void A_log_with_a_row_after_its_sessions_last_is_not_summed_while_reading()
    {
        using var dir = new TempDir();
        var path = new EventsBuilder().Session(1, 0, "C", 5, 0.5).Next(1, 10, 3, 0.5, 4, session: 5).WriteParquet(dir.File("late.parquet"));

        Assert.Null(EventLogReader.SummarizeSessions([path]));
        var (sessions, diagnostics) = Sessionizer.Build(EventLogReader.Read(path), "E");
        Assert.Equal(1, sessions.Count);
        Assert.Equal(1, diagnostics.DroppedAfterLast);
    }
}
