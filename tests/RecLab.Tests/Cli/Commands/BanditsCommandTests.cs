using System.IO.Compression;
using System.Text;
using System.Text.Json;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Cli.Commands;

public sealed class BanditsCommandTests
{
    [Fact]
    public async Task Task_2_runs_on_a_table_with_sparse_ids_and_feature_files()
    {
        using var dir = new TempDir();
        await WriteTaskAsync(dir);

        var run = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(2), "bandits", "run", "--task", "2", "--table", "p.csv.gz",
            "--users", "users", "--items", "items.csv", "--seeds", "2", "--json");

        Assert.True(run.ExitCode == 0, run.StdErr);
        using var json = JsonDocument.Parse(run.StdOut);
        var root = json.RootElement;
        Assert.Equal(2, root.GetProperty("task").GetInt32());
        Assert.Equal("task 2 on p.csv.gz", root.GetProperty("environment").GetString());
        Assert.Equal((1, 20), (root.GetProperty("k").GetInt32(), root.GetProperty("iterations").GetInt32()));
        var policies = root.GetProperty("policies").EnumerateArray().ToList();
        Assert.Equal(6, policies.Count);
        // Users 5, 12, 99 and 3000 respond to every item (p = 1), 1000 and 6040 to none (p = 0): whatever a policy
        // shows, the final pass scores 4 of 6 users.
        Assert.All(policies, p => Assert.Equal(4.0 / 6, p.GetProperty("final_score").GetDouble(), 12));
    }

    [Fact]
    public async Task Wrong_uses_of_table_and_bad_tables_exit_with_2()
    {
        using var dir = new TempDir();
        await WriteTaskAsync(dir);
        File.WriteAllText(dir.File("holes.csv"), "user_idx,item_idx,p\n5,2,0.5\n12,7,0.5\n");

        var task1 = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(1), "bandits", "run", "--task", "1", "--table", "p.csv.gz");
        var noUsers = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(1), "bandits", "run", "--task", "2", "--table", "p.csv.gz");
        var noTable = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(1), "bandits", "run", "--task", "2", "--users", "users");
        var holes = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(1), "bandits", "run", "--task", "4", "--table", "holes.csv");
        var missing = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(1), "bandits", "run", "--task", "4", "--table", "nowhere.parquet");

        Assert.Equal((2, 2, 2, 2, 2), (task1.ExitCode, noUsers.ExitCode, noTable.ExitCode, holes.ExitCode, missing.ExitCode));
        Assert.Contains("--table is for tasks 2 and 4", task1.StdErr);
        Assert.Contains("--task 2 --table needs --users", noUsers.StdErr);
        Assert.Contains("give --table too", noTable.StdErr);
        Assert.Contains("holes.csv: ids do not cover every pair: no row for user_idx 5, item_idx 7", holes.StdErr);
        Assert.Contains("nowhere.parquet does not exist", missing.StdErr);
    }

    [Fact]
    public async Task Describe_prints_a_tables_statistics()
    {
        using var dir = new TempDir();
        // 4 users x 12 items: user u likes item u + 1 (0.9), item 0 is 0.5 for everyone, everything else 0.1.
        var csv = new StringBuilder("user,item,p\n");
        for (var u = 0; u < 4; u++)
            for (var i = 0; i < 12; i++)
                csv.Append(FormattableString.Invariant($"{u},{i},{(i == 0 ? 0.5 : i == u + 1 ? 0.9 : 0.1)}\n"));
        File.WriteAllText(dir.File("p.csv"), csv.ToString());

        var run = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(1), "bandits", "describe", "--table", "p.csv", "--k", "1", "--json");

        Assert.True(run.ExitCode == 0, run.StdErr);
        using var json = JsonDocument.Parse(run.StdOut);
        var root = json.RootElement;
        // Item 0 and items 5..11 are the same for everyone; item 0's mean 0.5 beats items 1..4's (0.9 + 3 x 0.1) / 4 = 0.3.
        Assert.Equal(8, root.GetProperty("ConstantItems").GetInt32());
        Assert.Equal(0.5, root.GetProperty("BestNonPersonalised").GetDouble(), 6);
        Assert.Equal(0.9, root.GetProperty("PerUserBest").GetDouble(), 6);
        Assert.Equal((4, 1), (root.GetProperty("DistinctTopItems").GetInt32(), root.GetProperty("MostFrequentTopItemUsers").GetInt32()));
        Assert.Equal(0.9, root.GetProperty("UserMaxQuantiles")[1].GetDouble(), 6);
    }

    /// <summary>A task-2 table with MovieLens-style ids: p.csv.gz (6 users × 2 items), the users' features as a Spark
    /// folder, the items' as CSV.</summary>
    private static async Task WriteTaskAsync(TempDir dir)
    {
        long[] users = [5, 12, 99, 1000, 3000, 6040];
        double[] p = [1, 1, 1, 0, 1, 0];
        var csv = new StringBuilder("user_idx,item_idx,p\n");
        foreach (var (u, i) in users.Select((u, i) => (u, i)))
            csv.Append($"{u},2,{p[i]}\n{u},7,{p[i]}\n");
        await using (var file = File.Create(dir.File("p.csv.gz")))
        await using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(csv.ToString()));
        await SparkParquet.WriteFolderAsync(dir.File("users"), 2,
            [("user_idx", new long?[] { 6040, 5, 12 }), ("age", new double?[] { 25, 35, 45 })],
            [("user_idx", new long?[] { 99, 1000, 3000 }), ("age", new double?[] { 18, 56, 50 })]);
        File.WriteAllText(dir.File("items.csv"), "item_idx,year,drama\n7,1995,1\n2,1977,0\n");
    }
}
