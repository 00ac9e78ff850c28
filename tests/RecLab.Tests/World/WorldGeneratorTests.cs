using RecLab.Tests.TestSupport;
using RecLab.World;

namespace RecLab.Tests.World;

public sealed class WorldGeneratorTests
{
    [Fact]
    public void The_same_seed_gives_the_same_world_and_another_seed_another()
    {
        var a = WorldGenerator.Generate(WorldOptions.Small with { Tracks = 800, Artists = 200, Users = 100 }, 3);
        var b = WorldGenerator.Generate(WorldOptions.Small with { Tracks = 800, Artists = 200, Users = 100 }, 3);
        var c = WorldGenerator.Generate(WorldOptions.Small with { Tracks = 800, Artists = 200, Users = 100 }, 4);

        Assert.True(a.Embeddings.SequenceEqual(b.Embeddings));
        Assert.Equal(Enumerable.Range(0, 800).Select(a.ArtistOf), Enumerable.Range(0, 800).Select(b.ArtistOf));
        Assert.Equal(a.Users.Select(u => u.ConsumeBias), b.Users.Select(u => u.ConsumeBias));
        Assert.False(a.Embeddings.SequenceEqual(c.Embeddings));
    }

    [Fact]
    public void Default_sizes_and_shapes_match_the_course_world()
    {
        var world = Worlds.Default;

        Assert.Equal(50_000, world.TrackCount);
        Assert.Equal(11_500, world.ArtistCount);
        Assert.Equal(20, world.Genres.Count);
        Assert.Equal(100, world.Dimensions);
        Assert.Equal(10_000, world.UserCount);
        var perArtist = Enumerable.Range(0, world.ArtistCount).Select(a => world.TracksOf(a).Length).ToArray();
        Assert.Equal(1, perArtist.Min());
        Assert.True(perArtist.Max() >= 40, $"heavy tail: the largest artist has {perArtist.Max()} tracks");
        Assert.True(perArtist.Count(c => c == 1) > world.ArtistCount / 5, "many artists have a single track");
        var popularity = Enumerable.Range(0, world.TrackCount).Select(t => (double)world.PopularityOf(t)).Order().ToArray();
        Assert.True(popularity[^1] / popularity[popularity.Length / 2] > 100, "listener counts are heavy-tailed");
        Assert.All(world.Users, u =>
        {
            Assert.Equal(3, u.Interests.Distinct().Count());
            Assert.InRange(u.ConsumeBias, 0, 10);
            Assert.InRange(u.ConsumeSharpness, 0.5, 2);
        });
    }

    [Fact]
    public void Embeddings_have_the_calibrated_norms_and_artist_structure()
    {
        var world = Worlds.Small;
        double Dot(int a, int b)
        {
            var sum = 0.0;
            for (var i = 0; i < world.Dimensions; i++) sum += world.Embedding(a)[i] * world.Embedding(b)[i];
            return sum;
        }

        var norms = Enumerable.Range(0, 500).Select(t => Dot(t, t)).Average();
        // 0.3 + 5 + 6 + 10 plus cross terms of mean zero.
        Assert.InRange(norms, 19.5, 23.1);
        var sameArtist = Enumerable.Range(0, world.ArtistCount).Where(a => world.TracksOf(a).Length > 1)
            .Take(300).Select(a => Dot(world.TracksOf(a)[0], world.TracksOf(a)[1])).Average();
        var random = Enumerable.Range(0, 300).Select(i => Dot(i, 4999 - i)).Average();
        Assert.InRange(sameArtist, 9.5, 13.5);
        Assert.InRange(random, -0.8, 1.4);
    }

    [Fact]
    public void Interests_are_drawn_by_popularity()
    {
        var world = Worlds.Default;
        var median = world.PopularityOf(world.TracksByPopularity[world.TrackCount / 2]);

        var interestPopularity = world.Users.SelectMany(u => u.Interests).Select(world.PopularityOf).Order().ToArray();

        Assert.True(interestPopularity[interestPopularity.Length / 2] > 5 * median);
    }

    [Fact]
    public void Bad_options_name_the_field()
    {
        var error = Assert.Throws<ArgumentException>(() => WorldGenerator.Generate(new WorldOptions { Artists = 0 }, 1));
        Assert.Contains("WorldOptions.Artists = 0", error.Message);
        Assert.Contains("ConsumeSharpnessMin", Assert.Throws<ArgumentException>(() => new WorldOptions { ConsumeSharpnessMin = -1 }.Validate()).Message);
    }
}
