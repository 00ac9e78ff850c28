using RecLab.Recommenders;
using RecLab.Tests.TestSupport;
using RecLab.World;

namespace RecLab.Tests.Recommenders;

public sealed class UserRecommenderNamingTests
{
    private sealed class FirstTrackArtist(MusicWorld world, RecommenderSpec spec) : IRecommender
    {
        public string? Argument => spec.Argument;
        public int RecommendNext(ref RecommendationContext context) => world.TrackCount - 1;
    }

    private sealed class Needy(string text) : IRecommender
    {
        public int RecommendNext(ref RecommendationContext context) => text.Length;
    }

    [Fact]
    public void A_class_is_known_in_kebab_case_and_by_its_name_and_gets_the_specs_argument()
    {
        var factory = new RecommenderFactory(Worlds.Small).Add<FirstTrackArtist>();

        var built = (FirstTrackArtist)factory.Build("first-track-artist:lists/x.jsonl");
        var byName = factory.Build("no-repeat(FirstTrackArtist)");

        Assert.Equal("lists/x.jsonl", built.Argument);
        Assert.IsType<NoRepeatRecommender>(byName);
        Assert.Equal(["FirstTrackArtist", "first-track-artist"], factory.OwnKinds);
        Assert.Throws<FormatException>(() => new RecommenderFactory(Worlds.Small).Build("first-track-artist"));
    }

    [Fact]
    public void A_class_without_a_usable_constructor_is_refused_with_what_it_needs()
    {
        var error = Assert.Throws<ArgumentException>(() => new RecommenderFactory(Worlds.Small).Add<Needy>());

        Assert.Contains("Needy needs a public constructor", error.Message);
    }
}
