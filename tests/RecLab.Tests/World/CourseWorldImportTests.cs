using RecLab.IO;
using RecLab.Tests.TestSupport;
using RecLab.World;

namespace RecLab.Tests.World;

public sealed class CourseWorldImportTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private (string Tracks, string Npy, string Users) Fixture(string? tracks = null, string? users = null, int rows = 3)
    {
        File.WriteAllText(_dir.File("tracks.json"), tracks ??
            """
            {"track": 0, "artist": "Queen", "title": "Bohemian Rhapsody", "genre": "rock", "pop": 900}
            {"track": 1, "artist": "Queen", "title": "Under Pressure"}
            {"track": 2, "artist": "ABBA", "title": "Waterloo", "genre": "pop", "pop": 12.6}
            """);
        NpyFile.WriteMatrix(_dir.File("tracks.npy"), Enumerable.Range(0, rows * 4).Select(i => (float)i).ToArray(), rows, 4);
        File.WriteAllText(_dir.File("users.json"), users ??
            """
            {"user": 0, "interests": [0, 2]}
            {"user": 1, "interests": [1], "consume_bias": 2.5, "consume_sharpness": 0.7, "session_budget": 3, "artist_discount_gamma": 0.9, "interest_neighbours": 2}
            """);
        return (_dir.File("tracks.json"), _dir.File("tracks.npy"), _dir.File("users.json"));
    }

    [Fact]
    public void Imports_the_three_files_with_the_courses_defaults()
    {
        var (t, n, u) = Fixture();

        var world = CourseWorldImport.Import(t, n, u);

        Assert.Equal(3, world.TrackCount);
        Assert.Equal(4, world.Dimensions);
        Assert.Equal(2, world.ArtistCount);
        Assert.Equal(world.ArtistOf(0), world.ArtistOf(1));
        Assert.Equal("ABBA", world.ArtistName(world.ArtistOf(2)));
        Assert.Equal(["rock", "unknown", "pop"], Enumerable.Range(0, 3).Select(i => world.GetTrack(i).Genre));
        Assert.Equal([900L, 1L, 13L], Enumerable.Range(0, 3).Select(world.PopularityOf));
        Assert.Equal([8f, 9f, 10f, 11f], world.Embedding(2).ToArray());
        // Defaults 5.0, 1.0, 5, 0.8 and 10 interest neighbours, clamped to the fixture's 3 tracks.
        Assert.Equal(new UserProfile(0, [], 5.0, 1.0, 5, 0.8, 3), world.User(0) with { Interests = [] });
        Assert.Equal([0, 2], world.User(0).Interests);
        Assert.Equal((2.5, 0.7, 3, 0.9, 2), (world.User(1).ConsumeBias, world.User(1).ConsumeSharpness, world.User(1).SessionBudget, world.User(1).ArtistDiscountGamma, world.User(1).InterestNeighbours));
    }

    [Theory]
    [InlineData("{\"track\": 0, \"title\": \"x\"}", null, "tracks.json, line 1: field 'artist' is missing")]
    [InlineData("{\"track\": 0, \"artist\": \"a\", \"title\": \"x\"}\n{\"track\": 5, \"artist\": \"a\", \"title\": \"y\"}", null, "tracks.json, line 2: field 'track' is 5")]
    [InlineData("{\"track\": 0, \"artist\": \"a\", \"title\": \"x\", \"pop\": \"many\"}", null, "tracks.json, line 1: field 'pop' is \"many\"")]
    [InlineData("{\"track\": 0, \"artist\": \"a\", \"title\": \"x\"}\nnot json", null, "tracks.json, line 2: not valid JSON")]
    [InlineData(null, "{\"user\": 0, \"interests\": [0, 7]}", "users.json, line 1: field 'interests' item 1 is 7")]
    [InlineData(null, "{\"user\": 0, \"interests\": [0]}\n\n{\"user\": 1, \"interests\": []}", "users.json, line 3: field 'interests' must be a non-empty array")]
    [InlineData(null, "{\"user\": 0, \"interests\": [0], \"session_budget\": 0}", "users.json, line 1: field 'session_budget' is 0")]
    [InlineData(null, "{\"user\": 0, \"interests\": [0], \"consume_bias\": null}", "users.json, line 1: field 'consume_bias' is null")]
    public void A_malformed_file_fails_with_the_file_line_and_field(string? tracks, string? users, string expected)
    {
        var rows = tracks is null ? 3 : tracks.Split('\n').Length;
        var (t, n, u) = Fixture(tracks, users, rows);

        var error = Assert.Throws<InvalidDataException>(() => CourseWorldImport.Import(t, n, u));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Embedding_rows_must_match_the_tracks()
    {
        var (t, n, u) = Fixture(rows: 4);

        Assert.Contains("tracks.npy: has 4 rows but", Assert.Throws<InvalidDataException>(() => CourseWorldImport.Import(t, n, u)).Message);
    }
}
