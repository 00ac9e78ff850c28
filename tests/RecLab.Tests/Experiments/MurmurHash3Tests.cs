using System.Text;
using RecLab.Experiments;
using RecLab.Recommenders;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Experiments;

public sealed class MurmurHash3Tests
{
    // Reference vectors of MurmurHash3_x86_32 (SMHasher verification values, widely republished).
    [Theory]
    [InlineData("", 0u, 0u)]
    [InlineData("", 1u, 0x514E28B7u)]
    [InlineData("", 0xffffffffu, 0x81F16F39u)]
    [InlineData("aaaa", 0x9747b28cu, 0x5A97808Au)]
    [InlineData("aaa", 0x9747b28cu, 0x283E0130u)]
    [InlineData("aa", 0x9747b28cu, 0x5D211726u)]
    [InlineData("a", 0x9747b28cu, 0x7FA09EA6u)]
    [InlineData("abcd", 0x9747b28cu, 0xF0478627u)]
    [InlineData("Hello, world!", 0x9747b28cu, 0x24884CBAu)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x9747b28cu, 0x2FA826CDu)]
    public void Matches_the_reference_vectors(string text, uint seed, uint expected) =>
        Assert.Equal(expected, MurmurHash3.Hash32(Encoding.UTF8.GetBytes(text), seed));

    [Fact]
    public void Four_zero_bytes_hash_to_the_reference_value() =>
        Assert.Equal(0x2362F9DEu, MurmurHash3.Hash32(new byte[4], 0));

    [Fact]
    public void Users_go_to_arms_by_the_courses_rule_evenly_and_stably()
    {
        var world = Worlds.Small;
        var experiment = Experiment.Create("STICKY", new RecommenderFactory(world), "random", "sticky-artist", "toppop");
        var seed = MurmurHash3.Hash32("STICKY");

        var counts = new int[3];
        for (var user = 0; user < 30_000; user++)
        {
            var expected = (int)(MurmurHash3.Hash32(user.ToString(System.Globalization.CultureInfo.InvariantCulture), seed) % 3);
            Assert.Equal(expected, experiment.ArmIndex(user));
            counts[expected]++;
        }

        Assert.Equal(seed, experiment.Seed);
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
        Assert.Equal(["C", "T1", "T2"], experiment.Arms.Select(a => a.Name));
    }

    [Fact]
    public void An_experiment_needs_arms_with_distinct_names()
    {
        var random = new RandomRecommender(10);
        Assert.Throws<ArgumentException>(() => new Experiment("E", []));
        Assert.Contains("two arms called 'C'", Assert.Throws<ArgumentException>(() => new Experiment("E", [new Arm("C", "random", random), new Arm("C", "random", random)])).Message);
    }
}
