using Parquet;
using RecLab.Events;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Events;

public sealed class EventLogTests
{
    private static BotifyEvent Event(int i, bool last = false) => new()
    {
        IsLast = last,
        Timestamp = 1_700_000_000_000 + i,
        User = i % 7,
        Track = 100 + i,
        Time = i % 3 / 2.0,
        Latency = 1e-4 * i,
        Recommendation = last ? -1 : 200 + i,
        Experiments = i % 2 == 0 ? "{\"AB\":\"C\"}" : "{\"AB\":\"T1\"}",
        Session = i % 5 == 0 ? -1 : i / 3,
        Step = i % 5 == 0 ? 0 : i % 3 + 1,
    };

    [Fact]
    public void Events_round_trip_through_a_complete_log()
    {
        using var dir = new TempDir();
        var path = dir.File("events.parquet");
        using (var log = EventLogWriter.Create(path))
        {
            for (var i = 0; i < 1000; i++) log.Append(Event(i, last: i % 10 == 9));
            log.Complete();
        }

        var table = EventLogReader.Read(path);

        Assert.Equal(1000, table.Count);
        for (var i = 0; i < 1000; i++)
        {
            var e = Event(i, last: i % 10 == 9);
            Assert.Equal((e.IsLast, e.Timestamp, e.User, e.Track, e.Time, e.Latency, e.Recommendation, e.Session, e.Step),
                (table.IsLast[i], table.Timestamp[i], table.User[i], table.Track[i], table.Time[i], table.Latency[i], table.Recommendation[i], table.Session[i], table.Step[i]));
            Assert.Equal(e.Experiments, table.ExperimentsValues[table.ExperimentsCode[i]]);
        }
        Assert.Equal("T1", table.ArmOf(1, "AB"));
        Assert.Null(table.ArmOf(1, "OTHER"));
        Assert.Equal(["AB"], table.ExperimentNames());
        Assert.False(File.Exists(path + EventLogSchema.PartialSuffix));
        var frame = table.ToDataFrame();
        Assert.Equal(["message", "timestamp", "user", "track", "time", "latency", "recommendation", "experiments", "session", "step"], frame.Columns.Select(c => c.Name));
        Assert.Null(frame["recommendation"][9]);
        Assert.Null(frame["step"][0]);
        Assert.Equal(2, frame["step"][1]);
    }

    [Fact]
    public void Blocks_are_written_in_index_order_whatever_order_they_finish_in()
    {
        using var dir = new TempDir();
        var path = dir.File("blocks.parquet");
        using (var log = EventLogWriter.Create(path))
        {
            var first = log.ReserveBlocks(3);
            var threads = new[] { 2, 0, 1 }.Select(b => new Thread(() =>
            {
                Thread.Sleep(50 * (2 - b));
                using (log.BeginBlock(first + b))
                    for (var i = 0; i < 100; i++) log.Append(Event(b * 100 + i));
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            log.Complete();
        }

        Assert.Equal(Enumerable.Range(0, 300).Select(i => 100 + i), EventLogReader.Read(path).Track);
    }

    [Fact]
    public void A_log_whose_writer_did_not_finish_is_refused_unless_asked_for()
    {
        using var dir = new TempDir();
        var path = dir.File("crashed.parquet");
        using (var log = EventLogWriter.Create(path))
            for (var i = 0; i < 50; i++) log.Append(Event(i));

        Assert.False(File.Exists(path));
        Assert.True(File.Exists(path + EventLogSchema.PartialSuffix));
        var error = Assert.Throws<InvalidDataException>(() => EventLogReader.Read(dir.Path));
        Assert.Contains("incomplete event log", error.Message);
        Assert.Equal(50, EventLogReader.Read(new EventReadOptions { AllowIncomplete = true }, dir.Path).Count);
    }

    [Fact]
    public void A_truncated_file_gives_a_clear_error_naming_it()
    {
        using var dir = new TempDir();
        var path = dir.File("events.parquet");
        using (var log = EventLogWriter.Create(path))
        {
            for (var i = 0; i < 500; i++) log.Append(Event(i));
            log.Complete();
        }
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(dir.File("cut.parquet"), bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<InvalidDataException>(() => EventLogReader.Read(dir.File("cut.parquet")));

        Assert.Contains("cut.parquet", error.Message);
        Assert.Contains("no footer", error.Message);
    }

    [Fact]
    public async Task A_part_of_format_2_without_the_step_column_is_read_with_steps_unknown()
    {
        using var dir = new TempDir();
        var fields = EventLogSchema.Parquet.DataFields.Where(f => f.Name != EventLogSchema.Step).ToArray();
        var schema = new Parquet.Schema.ParquetSchema(fields);
        await using (var stream = File.Create(dir.File("old.parquet")))
        {
            await using var writer = await ParquetWriter.CreateAsync(schema, stream);
            writer.CustomMetadata = new Dictionary<string, string> { [EventLogSchema.FormatKey] = EventLogSchema.FormatVersion1, [EventLogSchema.CompleteKey] = "true" };
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(fields[0], new ArraySegment<string>(["next", "last"]));
            await group.WriteAsync<long>(fields[1], new long[] { 1_000, 1_000 }.AsMemory());
            await group.WriteAsync<int>(fields[2], new[] { 3, 3 }.AsMemory());
            await group.WriteAsync<int>(fields[3], new[] { 10, 11 }.AsMemory());
            await group.WriteAsync<double>(fields[4], new[] { 1.0, 0.5 }.AsMemory());
            await group.WriteAsync<double>(fields[5], new[] { 0.001, 0.001 }.AsMemory());
            await group.WriteAsync<int>(fields[6], new int?[] { 11, null }.AsMemory());
            await group.WriteAsync(fields[7], new ArraySegment<string>(["{}", "{}"]));
            await group.WriteAsync<long>(fields[8], new long?[] { 5, 5 }.AsMemory());
        }

        var table = EventLogReader.Read(dir.File("old.parquet"));

        Assert.Equal([10, 11], table.Track);
        Assert.Equal([0, 0], table.Step);
    }

    [Fact]
    public void Sessions_are_summed_while_reading_when_steps_show_a_last_tied_with_a_later_file_row_is_really_last()
    {
        // Replica a logged the last (t 101), replica b the session's second track in the same millisecond; read a then b,
        // the next comes after the last in file order. Without steps that is not provably well formed (null: the caller
        // reads the events whole); with steps 1, 2, 3 it is.
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("a"));
        Directory.CreateDirectory(dir.File("b"));
        string[] Write(string name, bool steps)
        {
            new EventsBuilder().Next(1, 100, 10, 1.0, 11, session: 5, step: steps ? 1 : 0).Last(1, 101, 12, 0.4, session: 5, step: steps ? 3 : 0)
                .WriteParquet(dir.File($"a/{name}.parquet"));
            new EventsBuilder().Next(1, 101, 11, 0.7, 12, session: 5, step: steps ? 2 : 0).WriteParquet(dir.File($"b/{name}.parquet"));
            return [dir.File($"a/{name}.parquet"), dir.File($"b/{name}.parquet")];
        }

        var summed = EventLogReader.SummarizeSessions(Write("with", steps: true));
        var unknown = EventLogReader.SummarizeSessions(Write("without", steps: false));

        Assert.NotNull(summed);
        Assert.Equal((1, 3, 2.1), (summed!.Count, summed.Tracks[0], Math.Round(summed.Time[0], 9)));
        Assert.Null(unknown);
    }

    [Fact]
    public async Task A_file_with_a_missing_column_is_refused_naming_it()
    {
        using var dir = new TempDir();
        var schema = new Parquet.Schema.ParquetSchema(new Parquet.Schema.DataField<int>("user"));
        await using (var stream = File.Create(dir.File("other.parquet")))
        {
            await using var writer = await ParquetWriter.CreateAsync(schema, stream);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<int>(schema.DataFields[0], new[] { 1 }.AsMemory());
        }

        Assert.Contains("column 'message' is missing", Assert.Throws<InvalidDataException>(() => EventLogReader.Read(dir.File("other.parquet"))).Message);
        Assert.Throws<FileNotFoundException>(() => EventLogReader.Read(dir.File("nope.parquet")));
    }

    [Fact]
    public void The_course_json_log_is_written_like_python_json_dumps()
    {
        using var dir = new TempDir();
        var path = dir.File("events.parquet");
        using (var log = EventLogWriter.Create(path))
        {
            log.Append(Event(2));
            log.Append(Event(9, last: true));
            log.Complete();
        }

        CourseJsonLog.Write(EventLogReader.Read(path), dir.File("data.json"));

        var lines = File.ReadAllLines(dir.File("data.json"));
        Assert.Equal("{\"message\": \"next\", \"timestamp\": 1700000000002, \"user\": 2, \"track\": 102, \"time\": 1.0, \"latency\": 0.0002, \"recommendation\": 202, \"experiments\": {\"AB\": \"C\"}}", lines[0]);
        Assert.Equal("{\"message\": \"last\", \"timestamp\": 1700000000009, \"user\": 2, \"track\": 109, \"time\": 0.0, \"latency\": 0.0009000000000000001, \"recommendation\": null, \"experiments\": {\"AB\": \"T1\"}}", lines[1]);
        Assert.Equal("1e-05", CourseJsonLog.PythonFloat(0.00001));
    }

    [Fact]
    public void Every_bit_flip_in_a_complete_part_is_an_error_naming_the_file_and_sha256sum_agrees_with_the_checksum()
    {
        using var dir = new TempDir();
        var path = dir.File("events.parquet");
        using (var log = EventLogWriter.Create(path))
        {
            for (var i = 0; i < 3000; i++) log.Append(Event(i, last: i % 10 == 9));
            log.Complete();
        }
        var check = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sha256sum", ["-c", "events.parquet.sha256"])
            { WorkingDirectory = dir.Path, RedirectStandardOutput = true })!;
        check.WaitForExit();
        Assert.Equal(0, check.ExitCode);
        var original = File.ReadAllBytes(path);
        var random = new Random(5);

        for (var trial = 0; trial < 24; trial++)
        {
            var bytes = (byte[])original.Clone();
            bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
            File.WriteAllBytes(path, bytes);

            var error = Assert.Throws<InvalidDataException>(() => EventLogReader.Read(dir.Path));
            Assert.Contains(path, error.Message);
            Assert.Null(EventLogReaderProbe.SummarizeOrError(dir.Path, path));
        }
        File.WriteAllBytes(path, original);
        File.Delete(path + EventLogSchema.ChecksumSuffix);
        Assert.Contains("checksum file", Assert.Throws<InvalidDataException>(() => EventLogReader.Read(dir.Path)).Message);
    }

    private static class EventLogReaderProbe
    {
        /// <summary>Null when summing sessions also fails with an error naming <paramref name="file"/>.</summary>
        public static string? SummarizeOrError(string dir, string file)
        {
            try
            {
                EventLogReader.SummarizeSessions([dir]);
                return "summed a damaged file without error";
            }
            catch (InvalidDataException e)
            {
                return e.Message.Contains(file, StringComparison.Ordinal) ? null : e.Message;
            }
        }
    }
}
