using RecLab.Recommenders;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Recommenders;

public sealed class RecommenderSpecTests
{
    [Fact]
    public void Parses_names_arguments_and_nesting()
    {
        var spec = RecommenderSpec.Parse(" fallback( indexed-ranked:lists/dssm.jsonl , no-repeat(sticky-artist), TopPop:50 )");

        Assert.Equal("fallback", spec.Name);
        Assert.Equal(3, spec.Inner.Count);
        Assert.Equal(("indexed-ranked", "lists/dssm.jsonl"), (spec.Inner[0].Name, spec.Inner[0].Argument));
        Assert.Equal("sticky-artist", spec.Inner[1].Inner[0].Name);
        Assert.Equal(("toppop", "50"), (spec.Inner[2].Name, spec.Inner[2].Argument));
        Assert.Equal("fallback(indexed-ranked:lists/dssm.jsonl, no-repeat(sticky-artist), toppop:50)", spec.ToString());
    }

    [Theory]
    [InlineData("", "expected a recommender name at position 1")]
    [InlineData("no-repeat(random", "expected ',' or ')'")]
    [InlineData("toppop:", "'toppop:' needs an argument")]
    [InlineData("random)", "unexpected text after the recommender")]
    public void Malformed_specs_say_where(string text, string expected) =>
        Assert.Contains(expected, Assert.Throws<FormatException>(() => RecommenderSpec.Parse(text)).Message);

    [Fact]
    public void The_factory_builds_known_kinds_and_names_unknown_ones_and_bad_arguments()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("u.jsonl"), "{\"user\": 0, \"tracks\": [1]}\n");
        var factory = new RecommenderFactory(Worlds.Small, dir.Path);

        Assert.IsType<FallbackRecommender>(factory.Build("fallback(indexed:u.jsonl, no-repeat(sticky-artist), random)"));
        Assert.IsType<TopPopRecommender>(factory.Build("toppop:10"));
        Assert.Contains("unknown recommender 'svd'", Assert.Throws<FormatException>(() => factory.Build("svd")).Message);
        Assert.Contains("must be a positive integer", Assert.Throws<FormatException>(() => factory.Build("toppop:-3")).Message);
        Assert.Contains("needs at least two", Assert.Throws<FormatException>(() => factory.Build("fallback(random)")).Message);
        Assert.Contains("does not exist", Assert.Throws<FileNotFoundException>(() => factory.Build("indexed:missing.jsonl")).Message);
        Assert.Contains("sticky-artist", RecommenderFactory.Help.Keys);
    }
}
