using RecLab.Events;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Events;

public sealed class EventJournalTests
{
    private static BotifyEvent Event(int i) => new()
    {
        IsLast = i % 4 == 3, Timestamp = 1_700_000_000_000 + i, User = i, Track = 10 + i, Time = 0.25, Latency = 0.002,
        Recommendation = i % 4 == 3 ? -1 : 20 + i, Experiments = "{\"E\":\"T1\"}", Session = 100 + i / 4, Step = i % 4 + 1,
    };

    private static string Journal(TempDir dir, int events)
    {
        var part = dir.File("events-r1-x-00000.parquet");
        using var journal = EventJournal.Create(part);
        for (var i = 0; i < events; i++) journal.Append(Event(i));
        return journal.Path;
    }

    [Fact]
    public void A_journal_left_behind_becomes_a_complete_part_with_every_event()
    {
        using var dir = new TempDir();
        var path = Journal(dir, 10);
        File.WriteAllBytes(dir.File("events-r1-x-00000.parquet.partial"), []);

        var recovered = EventJournal.RecoverAll(dir.Path);

        Assert.Equal(10, Assert.Single(recovered).Events);
        Assert.False(File.Exists(path));
        Assert.False(File.Exists(dir.File("events-r1-x-00000.parquet.partial")));
        var table = EventLogReader.Read(dir.Path);
        Assert.Equal(Enumerable.Range(10, 10), table.Track);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => 100L + i / 4), table.Session);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i % 4 + 1), table.Step);
        Assert.Equal("T1", table.ArmOf(0, "E"));
    }

    [Fact]
    public void A_journal_of_the_first_format_without_steps_is_still_read_with_steps_unknown()
    {
        // RLJ1 by hand: [int32 length][is-last, timestamp, user, track, time, latency, recommendation, session, experiments][CRC-32].
        using var bytes = new MemoryStream();
        bytes.Write("RLJ1"u8);
        var experiments = "{\"E\":\"C\"}"u8.ToArray();
        var payload = new byte[45 + experiments.Length];
        payload[0] = 0;
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(1), 1_700_000_000_123);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(9), 7);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(13), 42);
        System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(payload.AsSpan(17), 0.5);
        System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(payload.AsSpan(25), 0.001);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(33), 43);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(37), 9);
        experiments.CopyTo(payload, 45);
        var length = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, payload.Length);
        var crc = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(crc, System.IO.Hashing.Crc32.HashToUInt32(payload));
        bytes.Write(length);
        bytes.Write(payload);
        bytes.Write(crc);
        bytes.Position = 0;

        var e = Assert.Single(EventJournal.Read(bytes));

        Assert.Equal((1_700_000_000_123L, 7, 42, 43, 9L, 0, "{\"E\":\"C\"}"), (e.Timestamp, e.User, e.Track, e.Recommendation, e.Session, e.Step, e.Experiments));
    }

    [Fact]
    public void A_record_cut_short_or_damaged_ends_the_journal()
    {
        using var dir = new TempDir();
        var path = Journal(dir, 10);
        var bytes = File.ReadAllBytes(path);
        var record = (bytes.Length - 4) / 10;

        using (var cut = new MemoryStream(bytes[..^3])) Assert.Equal(9, EventJournal.Read(cut).Count);
        bytes[4 + record * 6 + 10] ^= 0x10;
        using (var flipped = new MemoryStream(bytes)) Assert.Equal(6, EventJournal.Read(flipped).Count);
    }

    [Fact]
    public void A_live_writers_journal_is_left_alone()
    {
        using var dir = new TempDir();
        using var journal = EventJournal.Create(dir.File("events-r1-x-00000.parquet"));
        journal.Append(Event(0));

        Assert.Empty(EventJournal.RecoverAll(dir.Path));
        Assert.True(File.Exists(journal.Path));
    }

    [Fact]
    public void A_folder_with_a_journal_is_refused_naming_the_flag_and_skip_incomplete_reads_the_rest()
    {
        using var dir = new TempDir();
        new EventsBuilder().Session(1, 1000, "C", 5, 0.5, 0.2).WriteParquet(dir.File("events-r2-x-00000.parquet"));
        Journal(dir, 4);

        var error = Assert.Throws<InvalidDataException>(() => EventLogReader.Read(dir.Path));
        var kept = EventLogReader.Read(new EventReadOptions { SkipIncomplete = true }, dir.Path);

        Assert.Contains("--skip-incomplete", error.Message);
        Assert.Contains("reclab logs recover", error.Message);
        Assert.Equal(3, kept.Count);
        Assert.Equal([dir.File("events-r1-x-00000.parquet")], EventLogReader.IncompleteParts([dir.Path]));
    }
}
