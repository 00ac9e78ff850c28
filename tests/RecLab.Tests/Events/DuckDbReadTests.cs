using System.Globalization;
using DuckDB.NET.Data;
using RecLab.Events;
using RecLab.Experiments;
using RecLab.Recommenders;
using RecLab.Simulation;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Events;

/// <summary>
/// The event logs are standard Parquet: DuckDB, an independent engine, reads a run folder of several parts and gets the
/// same rows, per-arm sums and sessions as RecLab's own reader. The SQL is the one README.md shows a user.
/// </summary>
public sealed class DuckDbReadTests
{
    private const string Experiment = StandardExperiments.BaselinesName;

    /// <summary>Per-session sums by arm, as README.md ("Reading a log with DuckDB") gives it.</summary>
    private const string SessionsByArmSql = """
        WITH sessions AS (
          SELECT user, session,
                 max(CASE WHEN message = 'last' THEN json_extract_string(experiments, '$.BASELINES') END) AS arm,
                 count(*) AS tracks, sum(time) AS time
          FROM read_parquet('{0}/*.parquet')
          WHERE session IS NOT NULL
          GROUP BY user, session
          HAVING count(*) FILTER (WHERE message = 'last') = 1
        )
        SELECT arm, count(*) AS sessions, sum(tracks)::BIGINT AS tracks, sum(time) AS time
        FROM sessions GROUP BY arm ORDER BY arm
        """;

    [Fact]
    public void DuckDB_reads_a_run_folder_of_several_parts_as_RecLab_does()
    {
        using var dir = new TempDir();
        var world = Worlds.Small;
        foreach (var (part, seed) in new[] { ("events-a-00000.parquet", 11UL), ("events-b-00000.parquet", 12UL) })
            DataCollection.Run(world, [StandardExperiments.Baselines(new RecommenderFactory(world))], dir.File(part),
                new SimulationOptions { Episodes = 1_500, Seed = seed, FirstSession = (long)seed * 1_000_000 });

        var events = EventLogReader.Read(dir.Path);
        var sessions = EventLogReader.SummarizeSessions([dir.Path]) ?? throw new InvalidOperationException("no session summaries");

        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        Assert.Equal((long)events.Count, Scalar<long>(duck, $"SELECT count(*) FROM read_parquet('{dir.Path}/*.parquet')"));
        Assert.Equal(events.Time.Sum(), Scalar<double>(duck, $"SELECT sum(time) FROM read_parquet('{dir.Path}/*.parquet')"), 9);
        Assert.Equal(events.IsLast.Count(l => l), Scalar<long>(duck, $"SELECT count(*) FROM read_parquet('{dir.Path}/*.parquet') WHERE message = 'last'"));

        var expected = Enumerable.Range(0, sessions.Count)
            .GroupBy(i => sessions.ExperimentsValues[sessions.ExperimentsCode[i]])
            .Select(g => (Arm: ArmOf(g.Key), Sessions: (long)g.Count(), Tracks: g.Sum(i => (long)sessions.Tracks[i]), Time: g.Sum(i => sessions.Time[i])))
            .GroupBy(r => r.Arm)
            .Select(g => (Arm: g.Key, Sessions: g.Sum(r => r.Sessions), Tracks: g.Sum(r => r.Tracks), Time: g.Sum(r => r.Time)))
            .OrderBy(r => r.Arm, StringComparer.Ordinal)
            .ToList();

        using var command = duck.CreateCommand();
        command.CommandText = string.Format(CultureInfo.InvariantCulture, SessionsByArmSql, dir.Path);
        using var reader = command.ExecuteReader();
        var actual = new List<(string Arm, long Sessions, long Tracks, double Time)>();
        while (reader.Read())
            actual.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetDouble(3)));

        Assert.True(expected.Count >= 2, $"the baselines experiment should have several arms, saw {expected.Count}");
        Assert.Equal(3_000, actual.Sum(r => r.Sessions));
        Assert.Equal(expected.Select(r => (r.Arm, r.Sessions, r.Tracks)), actual.Select(r => (r.Arm, r.Sessions, r.Tracks)));
        for (var i = 0; i < expected.Count; i++)
            Assert.Equal(expected[i].Time, actual[i].Time, 9);
    }

    private static string ArmOf(string experiments) =>
        System.Text.Json.JsonDocument.Parse(experiments).RootElement.GetProperty(Experiment).GetString()!;

    private static T Scalar<T>(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
    }
}
