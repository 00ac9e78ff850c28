using RecLab.Analysis;
using RecLab.Events;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Events;

public sealed class CourseJsonLogTests
{
    private static string Line(string message, long ts, int user, int track, double time, int? rec, string arm) =>
        $"{{\"message\": \"{message}\", \"timestamp\": {ts}, \"user\": {user}, \"track\": {track}, \"time\": {time.ToString(System.Globalization.CultureInfo.InvariantCulture)}, \"latency\": 0.001, \"recommendation\": {(rec is null ? "null" : rec.ToString())}, \"experiments\": {{\"AB\": \"{arm}\"}}}}";

    [Fact]
    public void Reads_one_folder_per_replica_as_one_data_set()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("replica-1"));
        Directory.CreateDirectory(dir.File("replica-2"));
        File.WriteAllLines(dir.File("replica-1/data.json"), [Line("next", 1, 1, 10, 1.0, 11, "C"), Line("next", 3, 1, 11, 0.5, 12, "C")]);
        File.WriteAllLines(dir.File("replica-2/data.json"), [Line("last", 5, 1, 12, 0.25, null, "C")]);

        var table = CourseJsonLog.Read([dir.Path], skipBadLines: false, out var stats);
        var (sessions, diagnostics) = Sessionizer.Build(table, "AB");

        Assert.Equal((2, 3L, 0L), (stats.Files, stats.Lines, stats.Skipped));
        Assert.False(table.HasSessions);
        Assert.Equal([3], sessions.Tracks);
        Assert.Equal([1.75], sessions.Time);
        Assert.Equal(0, diagnostics.ChainBreaks);
    }

    [Theory]
    [InlineData("{\"message\": \"skip\", \"timestamp\": 1, \"user\": 1, \"track\": 1, \"time\": 1.0, \"latency\": 0, \"recommendation\": 2, \"experiments\": {}}", "field 'message' is 'skip'")]
    [InlineData("{\"message\": \"next\", \"timestamp\": 1, \"user\": \"one\", \"track\": 1, \"time\": 1.0, \"latency\": 0, \"recommendation\": 2, \"experiments\": {}}", "field 'user' is \"one\", expected an integer")]
    [InlineData("{\"message\": \"next\", \"timestamp\": 1, \"user\": 1, \"track\": 1, \"time\": 1.5, \"latency\": 0, \"recommendation\": 2, \"experiments\": {}}", "field 'time' is 1.5")]
    [InlineData("{\"message\": \"next\", \"timestamp\": 1, \"user\": 1, \"track\": 1, \"time\": 1.0, \"latency\": 0, \"experiments\": {}}", "field 'recommendation' is missing on a 'next' message")]
    [InlineData("{\"message\": \"next\", \"timestamp\": 1, \"user\": 1, \"track\": 1, \"time\": 1.0, \"latency\": 0, \"recommendation\": 2}", "field 'experiments' is missing")]
    [InlineData("{\"message\": \"next\", \"timest", "data.json, line 2:")]
    public void A_bad_line_is_a_clear_error_naming_file_line_and_field_or_a_counted_skip(string bad, string expected)
    {
        using var dir = new TempDir();
        File.WriteAllLines(dir.File("data.json"), [Line("next", 1, 1, 10, 1.0, 11, "C"), bad, Line("last", 3, 1, 11, 0.5, null, "C")]);

        var error = Assert.Throws<InvalidDataException>(() => CourseJsonLog.Read([dir.File("data.json")], skipBadLines: false, out _));
        var table = CourseJsonLog.Read([dir.File("data.json")], skipBadLines: true, out var stats);

        Assert.Contains("data.json, line 2: ", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.Equal(2, table.Count);
        Assert.Equal(1, stats.Skipped);
        Assert.Contains("line 2", stats.Problems[0]);
    }

    [Fact]
    public void RecLab_logs_exported_to_the_course_format_analyse_to_the_same_numbers()
    {
        using var dir = new TempDir();
        var builder = new EventsBuilder();
        for (var s = 0; s < 60; s++) builder.Session(s, s * 10, s % 2 == 0 ? "C" : "T1", -1, 0.5, s % 5 / 5.0, 0.25);
        var events = builder.Build();
        CourseJsonLog.Write(events, dir.File("data.json"));

        var fromJson = AbAnalysis.Run([dir.File("data.json")], new AbOptions { Experiment = "E" });
        var direct = AbAnalysis.Run(events, new AbOptions { Experiment = "E" });

        Assert.Equal(direct.Results.Select(r => r.Effect), fromJson.Results.Select(r => r.Effect));
    }
}
