using System.CommandLine;
using System.Globalization;
using RecLab.World;
using Spectre.Console;

namespace RecLab.Cli.Commands;

/// <summary><c>reclab world generate|import</c>: make a world folder for the simulator and the service.</summary>
public static class WorldCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create() => new("world", "Generate a seeded music world, or import one in the course's format.")
    {
        Generate(),
        Import(),
    };

    private static Command Generate()
    {
        var outDir = new Option<string>("--out", "-o") { Description = "Folder for world.bin.", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the world.", DefaultValueFactory = _ => 42 };
        var small = new Option<bool>("--small") { Description = "A tenth of the default sizes (5,000 tracks, 1,000 users), for quick runs." };
        var tracks = new Option<int?>("--tracks") { Description = "Number of tracks (default 50,000)." };
        var artists = new Option<int?>("--artists") { Description = "Number of artists (default 11,500)." };
        var users = new Option<int?>("--users") { Description = "Number of users (default 10,000)." };
        var command = new Command("generate", "Generate a world (tracks, artists, genres, embeddings, users) from a seed.") { outDir, seed, small, tracks, artists, users };
        command.SetAction(result => Terminal.Guard(() =>
        {
            var options = result.GetValue(small) ? WorldOptions.Small : new WorldOptions();
            options = options with
            {
                Tracks = result.GetValue(tracks) ?? options.Tracks,
                Artists = result.GetValue(artists) ?? options.Artists,
                Users = result.GetValue(users) ?? options.Users,
            };
            var world = WorldGenerator.Generate(options, result.GetValue(seed));
            var file = WorldFile.Save(world, result.GetValue(outDir)!);
            Describe(world, file);
            return Task.FromResult(0);
        }));
        return command;
    }

    private static Command Import()
    {
        var tracks = new Option<string>("--tracks") { Description = "tracks.json (JSON lines: track, artist, title, optional genre, pop).", Required = true };
        var embeddings = new Option<string>("--embeddings") { Description = "tracks.npy (float32 [tracks, dimensions]).", Required = true };
        var users = new Option<string>("--users") { Description = "users.json (JSON lines: user, interests, optional consume_bias, ...).", Required = true };
        var outDir = new Option<string>("--out", "-o") { Description = "Folder for world.bin.", Required = true };
        var command = new Command("import", "Import a world in the course's format (tracks.json, tracks.npy, users.json).") { tracks, embeddings, users, outDir };
        command.SetAction(result => Terminal.Guard(() =>
        {
            var world = CourseWorldImport.Import(result.GetValue(tracks)!, result.GetValue(embeddings)!, result.GetValue(users)!);
            Describe(world, WorldFile.Save(world, result.GetValue(outDir)!));
            return Task.FromResult(0);
        }));
        return command;
    }

    private static void Describe(MusicWorld world, string file) =>
        Terminal.Out.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{file}: {world.TrackCount:N0} tracks, {world.ArtistCount:N0} artists, {world.Genres.Count} genres, {world.Dimensions}-d embeddings, {world.UserCount:N0} users")));
}
