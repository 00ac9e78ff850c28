using RecLab.Events;
using RecLab.Service;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Service;

public sealed class RollingEventLogTests
{
    private static BotifyEvent Event(int user, long ts) => new()
    {
        Timestamp = ts, User = user, Track = 1, Time = 0.5, Latency = 0.001, Recommendation = 2, Experiments = "{}", Session = -1,
    };

    private static void Log(string dir, string replica, int events)
    {
        using var log = new RollingEventLog(dir, replica, TimeSpan.FromMinutes(10));
        for (var i = 0; i < events; i++) log.Append(Event(i, 1_700_000_000_000 + i));
    }

    [Fact]
    public void A_restarted_replica_keeps_every_earlier_part_and_one_that_logged_nothing_deletes_nothing()
    {
        using var dir = new TempDir();
        Log(dir.Path, "r1", 2);
        Log(dir.Path, "r2", 3);
        var before = Directory.GetFiles(dir.Path).ToDictionary(f => f, File.ReadAllBytes);

        Log(dir.Path, "r1", 6);
        Log(dir.Path, "r2", 0);

        foreach (var (file, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(file));
        var parts = Directory.GetFiles(dir.Path, "*.parquet").Order(StringComparer.Ordinal).ToList();
        Assert.Equal([2, 6, 3], parts.Select(p => EventLogReader.Read(p).Count));
        Assert.Equal(11, EventLogReader.Read(dir.Path).Count);
        Assert.Empty(Directory.GetFiles(dir.Path, "*" + EventLogSchema.PartialSuffix));
    }

    [Fact]
    public void Two_starts_in_the_same_millisecond_get_different_names()
    {
        using var dir = new TempDir();
        var now = new DateTime(2026, 1, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        var first = RollingEventLog.UniqueStart(dir.Path, "r1", now);
        File.WriteAllBytes(Path.Combine(dir.Path, $"events-r1-{first}-00000.parquet"), []);

        var second = RollingEventLog.UniqueStart(dir.Path, "r1", now);

        Assert.Equal("20260102T030405006Z", first);
        Assert.Equal("20260102T030405007Z", second);
        Assert.Equal(first, RollingEventLog.UniqueStart(dir.Path, "r2", now));
    }
}
