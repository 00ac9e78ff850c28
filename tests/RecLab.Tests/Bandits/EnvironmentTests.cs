using Parquet;
using Parquet.Schema;
using RecLab.Bandits;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Bandits;

public sealed class EnvironmentTests
{
    [Fact]
    public void Task_1_has_the_references_probabilities_for_every_user()
    {
        var task = BanditTasks.Create(1);

        Assert.Equal(5_000, task.Environment.Users);
        Assert.Equal(new[] { 0.40, 0.10, 0.75, 0.40, 0.10, 0.40, 0.75, 0.10, 0.75, 0.40 }, Enumerable.Range(0, 10).Select(i => task.Environment.Probability(17, i, 3)));
        Assert.Equal((1, 20), (task.Schedule.K, task.Schedule.Iterations));
        Assert.Equal(3, BanditTasks.Create(1, k: 3).Schedule.K);
    }

    [Fact]
    public void Task_3_drifts_from_the_6th_to_the_15th_call()
    {
        var env = new DriftEnvironment();

        Assert.Equal(0.75, env.Probability(0, 2, 5), 12);
        Assert.Equal(0.69, env.Probability(0, 2, 6), 12);
        Assert.Equal(0.16, env.Probability(0, 1, 6), 12);
        Assert.Equal(0.15, env.Probability(0, 2, 15), 12);
        Assert.Equal(0.70, env.Probability(0, 1, 15), 12);
        Assert.Equal(0.40, env.Probability(0, 0, 15), 12);
        Assert.Equal(0.15, env.Probability(0, 8, 31), 12);
        Assert.Equal(0.70, env.Probability(0, 7, 31), 12);
    }

    [Fact]
    public void Task_2_has_the_references_landscape()
    {
        var landscape = BanditLandscape.Of(BanditTasks.Create(2).Environment, 1);

        Assert.Equal(0.52, landscape.Random, 2);
        Assert.Equal(0.89, landscape.BestNonPersonalised, 2);
        Assert.Equal(0.93, landscape.PerUserBest, 2);
        Assert.Equal(4, BanditTasks.Create(2).Environment.UserFeatureCount);
        Assert.Equal(4, BanditTasks.Create(2).Environment.ItemFeatureCount);
    }

    [Fact]
    public void Task_4_has_the_statistics_of_the_courses_real_table()
    {
        var task = BanditTasks.Create(4);

        var s = ProbabilityTableStatistics.Of((ProbabilityTableEnvironment)task.Environment);

        // The course's table as described in issue 16 (6,040 x 1,000, MovieLens-1M users), and the tolerance each is
        // held to; the looser ones are where the synthetic table differs most (see PersonalTaskOptions).
        Assert.Equal((6_040, 1_000, 10, 50), (task.Environment.Users, task.Environment.Items, task.Schedule.K, task.Schedule.Iterations));
        Assert.Equal(0, task.Environment.UserFeatureCount);
        Assert.Equal(0.311, s.MeanProbability, 0.003);
        double[] quantiles = [0.0008, 0.122, 0.338, 0.408, 0.684];
        double[] quantileTolerance = [0.0003, 0.004, 0.004, 0.004, 0.01];
        for (var j = 0; j < quantiles.Length; j++) Assert.Equal(quantiles[j], s.Quantiles[j], quantileTolerance[j]);
        Assert.Equal(0.714, s.UserMaxQuantiles[0], 0.03);
        Assert.Equal(0.907, s.UserMaxQuantiles[1], 0.05);
        Assert.Equal(0.989, s.UserMaxQuantiles[2], 0.05);
        Assert.Equal(42, s.ConstantItems);
        Assert.Equal(3.4525, s.BestNonPersonalised, 0.005);
        Assert.Equal(7.4933, s.PerUserBest, 0.2);
        Assert.Equal(638, s.DistinctTopItems, 64.0);
        Assert.InRange(s.MostFrequentTopItemUsers, 300, 900);
        Assert.Equal(0.12, s.SpectrumShares[0], 0.03);
        Assert.Equal(0.44, s.SpectrumShares[1], 0.13);
        Assert.Equal(0.59, s.SpectrumShares[2], 0.15);
        double[] rankScores = [3.45, 3.50, 3.69, 3.91, 4.38, 5.30, 6.45];
        for (var j = 0; j < rankScores.Length; j++) Assert.Equal(rankScores[j], s.RankScores[j], 0.2);
    }

    [Fact]
    public async Task A_task_loads_from_csv_and_parquet_tables()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("p.csv"), "user,item,p\n0,0,0.1\n0,1,0.9\n1,0,0.5\n1,1,0.25\n");
        File.WriteAllText(dir.File("users.csv"), "user,age,score\n1,30,0.5\n0,20,-1\n");
        await WriteParquet(dir.File("p.parquet"), [0, 0, 1, 1], [0, 1, 0, 1], [0.1, 0.9, 0.5, 0.25]);

        var csv = ProbabilityTableFile.Load(dir.File("p.csv"), users: dir.File("users.csv"));
        var parquet = ProbabilityTableFile.Load(dir.File("p.parquet"));

        Assert.Equal((2, 2, 2), (csv.Users, csv.Items, csv.UserFeatureCount));
        Assert.Equal([20.0, -1.0], csv.UserFeatures(0).ToArray());
        Assert.Equal(0.9f, (float)csv.Probability(0, 1, 1));
        Assert.Equal(0.25f, (float)parquet.Probability(1, 1, 7));
    }

    [Theory]
    [InlineData("user,item,p\n0,0,0.1\n0,1,0.9\n1,0,0.5\n", "ids do not cover every pair: no row for user 1, item 1")]
    [InlineData("user,item,p\n0,0,0.1\n0,0,0.9\n", "user 0, item 0 appears twice")]
    [InlineData("user,item,p\n0,0,1.5\n", "row 1, column 'p': 1.5 is not a probability")]
    [InlineData("user,item,p\n0,x,0.5\n", "row 1, column 'item': 'x' is not a number")]
    [InlineData("user,item\n0,0\n", "no column 'p'")]
    public void Bad_tables_name_the_problem(string csv, string expected)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("p.csv"), csv);

        Assert.Contains(expected, Assert.Throws<InvalidDataException>(() => ProbabilityTableFile.Load(dir.File("p.csv"))).Message);
    }

    private static async Task WriteParquet(string path, int[] users, int[] items, double[] p)
    {
        var schema = new ParquetSchema(new DataField<int>("user"), new DataField<int>("item"), new DataField<double>("p"));
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        using var group = writer.CreateRowGroup();
        await group.WriteAsync<int>(schema.DataFields[0], users.AsMemory());
        await group.WriteAsync<int>(schema.DataFields[1], items.AsMemory());
        await group.WriteAsync<double>(schema.DataFields[2], p.AsMemory());
    }
}
