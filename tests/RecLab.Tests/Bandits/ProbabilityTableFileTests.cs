using System.IO.Compression;
using System.Text;
using RecLab.Bandits;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Bandits;

public sealed class ProbabilityTableFileTests
{
    // MovieLens-1M style sparse ids: users 1, 17, 6040 and movies 1, 260, 3952; p(u, i) = row u, column i of
    //            1    260   3952
    //    1     0.1    0.2   0.3
    //   17     0.4    0.5   0.6
    // 6040     0.7    0.8   0.9
    private static readonly (string Name, Array Values)[][] Parts =
    [
        [("user_idx", new long?[] { 6040, 1, 17 }), ("item_idx", new long?[] { 3952, 260, 1 }), ("p", new double?[] { 0.9, 0.2, 0.4 })],
        [("user_idx", new long?[] { 1, 1, 17, 17 }), ("item_idx", new long?[] { 3952, 1, 3952, 260 }), ("p", new double?[] { 0.3, 0.1, 0.6, 0.5 })],
        [("user_idx", new long?[] { 6040, 6040 }), ("item_idx", new long?[] { 260, 1 }), ("p", new double?[] { 0.8, 0.7 })],
    ];

    [Fact]
    public async Task A_spark_folder_with_sparse_ids_loads_with_its_original_ids()
    {
        using var dir = new TempDir();
        await SparkParquet.WriteFolderAsync(dir.File("p"), rowGroup: 2, Parts);

        var env = ProbabilityTableFile.Load(dir.File("p"));

        Assert.Equal((3, 3), (env.Users, env.Items));
        Assert.Equal([1L, 17, 6040], env.UserIds);
        Assert.Equal([1L, 260, 3952], env.ItemIds);
        Assert.Equal(new[] { 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f },
            Enumerable.Range(0, 9).Select(k => (float)env.Probability(k / 3, k % 3, 1)));
    }

    [Fact]
    public async Task Users_and_items_files_with_sparse_ids_give_each_index_its_features()
    {
        using var dir = new TempDir();
        await SparkParquet.WriteFolderAsync(dir.File("p"), rowGroup: 2, Parts);
        await SparkParquet.WriteAsync(dir.File("users.parquet"), 2, ("user_idx", new long?[] { 6040, 1, 17 }),
            ("features", new double?[][] { [0.6, 6], [0.1, 1], [0.17, 17] }), ("age", new int?[] { 60, 10, 17 }));
        File.WriteAllBytes(dir.File("items.csv.gz"), Gzip("item_idx,year\n3952,2000\n1,1995\n260,1977\n"));

        var env = ProbabilityTableFile.Load(dir.File("p"), dir.File("users.parquet"), dir.File("items.csv.gz"));

        Assert.Equal((3, 1), (env.UserFeatureCount, env.ItemFeatureCount));
        Assert.Equal([0.1, 1, 10], env.UserFeatures(0).ToArray());
        Assert.Equal([0.17, 17, 17], env.UserFeatures(1).ToArray());
        Assert.Equal([0.6, 6, 60], env.UserFeatures(2).ToArray());
        Assert.Equal([1995.0, 1977, 2000], Enumerable.Range(0, 3).Select(i => env.ItemFeatures(i)[0]));
    }

    [Theory]
    [InlineData("user_idx,item_idx,relevance,popularity\n1,1,0.25,0.75\n", 0.75)]
    [InlineData("user,item,relevance\n1,1,0.25\n", 0.25)]
    [InlineData("user,item_idx,p,popularity\n1,1,0.5,0.75\n", 0.5)]
    public void The_courses_column_names_are_found_in_order(string csv, double p)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("p.csv"), csv);

        Assert.Equal(p, ProbabilityTableFile.Load(dir.File("p.csv")).Probability(0, 0, 1), 12);
    }

    [Theory]
    [InlineData("user_idx,item_idx,p\n6040,3952,0.5\n1,1,0.5\n6040,3952,0.25\n", "p.csv, row 3: user_idx 6040, item_idx 3952 appears twice (also at row 1).")]
    [InlineData("user_idx,item_idx,p\n6040,3952,0.5\n6040,1,1.5\n", "p.csv, row 2, column 'p': 1.5 is not a probability (must be in [0, 1]).")]
    [InlineData("user_idx,item_idx,p\n6040,3952,0.5\n6040,1,\n", "p.csv, row 2, column 'p': empty (a missing value).")]
    [InlineData("user_idx,movie,p\n6040,3952,0.5\n", "p.csv: no column 'item_idx' or 'item' (columns: user_idx, movie, p).")]
    [InlineData("user_idx,item_idx,score\n6040,3952,0.5\n", "p.csv: no column 'p' or 'popularity' or 'relevance' (columns: user_idx, item_idx, score).")]
    public void Bad_tables_name_the_file_row_column_and_original_ids(string csv, string expected)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("p.csv"), csv);

        Assert.Equal(dir.File(expected), Assert.Throws<InvalidDataException>(() => ProbabilityTableFile.Load(dir.File("p.csv"))).Message);
    }

    [Fact]
    public async Task A_missing_pair_is_named_by_its_original_ids()
    {
        using var dir = new TempDir();
        (string, Array)[] last = [("user_idx", new long?[] { 6040 }), ("item_idx", new long?[] { 260 }), ("p", new double?[] { 0.8 })];
        await SparkParquet.WriteFolderAsync(dir.File("p"), rowGroup: 2, Parts[0], Parts[1], last);

        Assert.Equal($"{dir.File("p")}: ids do not cover every pair: no row for user_idx 6040, item_idx 1 (3 users × 3 items = 9 pairs, the table has 8 rows); the table needs one row per pair.",
            Assert.Throws<InvalidDataException>(() => ProbabilityTableFile.Load(dir.File("p"))).Message);
    }

    [Fact]
    public async Task A_probability_out_of_range_in_a_part_names_the_part_and_its_row()
    {
        using var dir = new TempDir();
        (string, Array)[] bad = [("user_idx", new long?[] { 6040, 6040 }), ("item_idx", new long?[] { 260, 1 }), ("p", new double?[] { 0.8, -0.5 })];
        var parts = await SparkParquet.WriteFolderAsync(dir.File("p"), rowGroup: 2, Parts[0], Parts[1], bad);

        Assert.Equal($"{dir.File("p")}, row 9 ({parts[2]}, row 2), column 'p': -0.5 is not a probability (must be in [0, 1]).",
            Assert.Throws<InvalidDataException>(() => ProbabilityTableFile.Load(dir.File("p"))).Message);
    }

    [Theory]
    [InlineData("user_idx,f\n1,0\n17,0\n6040,0\n5,0\n", "users.csv, row 4, column 'user_idx': user_idx 5 is not in {0}; the users file must cover exactly the table's users.")]
    [InlineData("user_idx,f\n1,0\n6040,0\n", "users.csv: no row for user_idx 17, which {0}, row 3 (PART0, row 3), column 'user_idx' has; the users file must cover exactly the table's users.")]
    [InlineData("user_idx,f\n1,0\n17,0\n1,0\n6040,0\n", "users.csv, row 3, column 'user_idx': user_idx 1 appears twice (also at row 1).")]
    [InlineData("user_idx\n1\n17\n6040\n", "users.csv: no feature columns besides 'user_idx'.")]
    public async Task A_users_file_must_cover_exactly_the_tables_users(string csv, string expected)
    {
        using var dir = new TempDir();
        var parts = await SparkParquet.WriteFolderAsync(dir.File("p"), rowGroup: 2, Parts);
        File.WriteAllText(dir.File("users.csv"), csv);

        var error = Assert.Throws<InvalidDataException>(() => ProbabilityTableFile.Load(dir.File("p"), users: dir.File("users.csv")));

        Assert.Equal(dir.File(string.Format(expected, dir.File("p")).Replace("PART0", parts[0])), error.Message);
    }

    [Fact]
    public void A_loaded_table_runs_under_its_tasks_schedule_and_policies()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("p.csv"), "user_idx,item_idx,p\n" + string.Join("\n", Enumerable.Range(0, 20).Select(i => $"{i / 10 * 7},{i % 10 * 3},0.5")));
        File.WriteAllText(dir.File("users.csv"), "user_idx,f\n0,1\n7,2\n");
        var ids = ProbabilityTableFile.Load(dir.File("p.csv"));
        var features = ProbabilityTableFile.Load(dir.File("p.csv"), users: dir.File("users.csv"));

        var task2 = BanditTasks.Create(2, features);
        var task4 = BanditTasks.Create(4, ids);

        Assert.Same(features, task2.Environment);
        Assert.Equal((1, 20), (task2.Schedule.K, task2.Schedule.Iterations));
        Assert.Equal(BanditTasks.Create(2).PolicyNames, task2.PolicyNames);
        Assert.Same(ids, task4.Environment);
        Assert.Equal((10, 50), (task4.Schedule.K, task4.Schedule.Iterations));
        Assert.Equal(BanditTasks.Create(4).PolicyNames, task4.PolicyNames);
        Assert.Contains("need user features", Assert.Throws<ArgumentException>(() => BanditTasks.Create(2, ids)).Message);
        Assert.Contains("takes no table", Assert.Throws<ArgumentException>(() => BanditTasks.Create(1, ids)).Message);
        Assert.Contains("takes no table", Assert.Throws<ArgumentException>(() => BanditTasks.Create(3, ids)).Message);
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal)) gzip.Write(Encoding.UTF8.GetBytes(text));
        return buffer.ToArray();
    }
}
