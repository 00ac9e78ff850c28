using System.Net;
using System.Text;
using System.Text.Json;
using RecLab.Recommenders;
using RecLab.Service;
using RecLab.Tests.TestSupport;
using RecLab.Web;
using RecLab.World;

namespace RecLab.Tests.Web;

/// <summary>A user's recommender from a C# file: compiled at start, served by name, errors with file, line and column.</summary>
public sealed class UserRecommenderTests
{
    /// <summary>Walks the world's popularity order, keeping its position in the session state (so replicas must share it).</summary>
    private const string PopularityWalk = """
        public sealed class PopularityWalk(MusicWorld world) : IRecommender
        {
            public bool UsesState => true;

            public int RecommendNext(ref RecommendationContext context)
            {
                var position = context.State.Increment("pos") - 1;
                return position < 3 ? world.TracksByPopularity[(int)position] : -1;
            }
        }
        """;

    [Fact]
    public void A_compiled_class_is_known_by_name_inside_composed_specs()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("walk.cs"), PopularityWalk);
        var factory = new RecommenderFactory(Worlds.Small);

        var names = RecommenderCompiler.AddTo(factory, [dir.File("walk.cs")]);
        var chain = factory.Build("fallback(popularity-walk, toppop:1)");
        var context = new RecommendationContext { History = new SessionHistory(), State = new SessionState(), Random = new Rng(1) };
        var answers = Enumerable.Range(0, 5).Select(_ => chain.RecommendNext(ref context)).ToArray();

        Assert.Equal(["PopularityWalk", "popularity-walk"], names);
        Assert.True(chain.UsesState);
        var top = Worlds.Small.TracksByPopularity;
        Assert.Equal([top[0], top[1], top[2], top[0], top[0]], answers);
    }

    [Fact]
    public void A_notebooks_recommender_cell_written_to_a_file_compiles_with_the_cells_line_numbers()
    {
        using var dir = new TempDir();
        var notebook = new NotebookBuilder()
            .Code("#r \"nuget: RecLab, 0.1.0\"\nusing RecLab;")
            .Code("#r \"nuget: RecLab, 0.1.0\"\n" + PopularityWalk, RecommenderSource.DefaultTag)
            .Code("public sealed class Typo : IRecommender\n{\n    public int RecommendNext(ref RecommendationContext c) => missing;\n}", "broken")
            .Save(dir);

        var file = RecommenderSource.WriteCell(notebook, dir.File("src/my_recs.cs"));
        var broken = RecommenderSource.WriteCell(notebook, dir.File("broken.cs"), "broken");

        Assert.Equal(["PopularityWalk"], RecommenderCompiler.Compile([file]).Select(t => t.Name));
        Assert.StartsWith("\npublic sealed class PopularityWalk", File.ReadAllText(file));
        Assert.Contains("broken.cs(3,62): error CS0103", Assert.Throws<RecommenderCompilationException>(() => RecommenderCompiler.Compile([broken])).Message);
        Assert.Throws<InvalidDataException>(() => RecommenderSource.FromNotebook(notebook, "absent"));
    }

    [Fact]
    public void Compile_errors_name_file_line_and_column()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("bad.cs"), "public sealed class Bad : IRecommender\n{\n    public int RecommendNext(ref RecommendationContext c) => missing;\n}\n");
        File.WriteAllText(dir.File("none.cs"), "public static class Helper { }\n");

        var error = Assert.Throws<RecommenderCompilationException>(() => RecommenderCompiler.Compile([dir.File("bad.cs")]));
        var none = Assert.Throws<RecommenderCompilationException>(() => RecommenderCompiler.Compile([dir.File("none.cs")]));

        Assert.Contains($"{dir.File("bad.cs")}(3,62): error CS0103: The name 'missing' does not exist", error.Message);
        Assert.Contains("no class implements IRecommender", none.Message);
    }

    [Fact]
    public async Task Serve_does_not_start_on_a_compile_error_and_exits_2()
    {
        using var dir = new TempDir();
        WorldFile.Save(Worlds.Small, dir.File("world"));
        File.WriteAllText(dir.File("bad.cs"), "public sealed class Bad : IRecommender\n{\n    public int RecommendNext(ref RecommendationContext c) => missing;\n}\n");

        var result = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(1), "serve", "--world", "world", "--recommenders", "bad.cs", "--urls", $"http://127.0.0.1:{Ports.Free()}");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bad.cs(3,62): error CS0103", result.StdErr);
        Assert.DoesNotContain("listening", result.StdErr);
    }

    [Fact]
    public async Task Two_replicas_sharing_Redis_serve_a_compiled_stateful_recommender_as_one()
    {
        using var dir = new TempDir();
        WorldFile.Save(Worlds.Small, dir.File("world"));
        File.WriteAllText(dir.File("walk.cs"), PopularityWalk);
        new BotifyConfig
        {
            World = dir.File("world"),
            Experiments = [new ExperimentConfig { Name = "E", Arms = new() { ["C"] = "fallback(popularity-walk, toppop:1)" } }],
        }.Save(dir.File("botify.json"));
        using var stack = LocalStack.Start(new LocalStackOptions
        {
            Dir = dir.File("stack"), World = dir.File("world"), Replicas = 2, Nginx = false, Config = dir.File("botify.json"),
            Recommenders = [dir.File("walk.cs")],
            Script = Path.Combine(RepoPaths.Root, "environment", "stack.sh"),
            Cli = $"dotnet {Path.Combine(AppContext.BaseDirectory, "RecLab.Cli.dll")}",
        });
        using var http = new HttpClient();

        var answers = new List<int>();
        for (var step = 0; step < 5; step++)
        {
            using var response = await http.PostAsync(new Uri(stack.Replicas[step % 2], "next/4"),
                new StringContent($"{{\"track\":1,\"time\":0.5,\"session\":12}}", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("track").GetInt32());
        }
        stack.Stop();

        var top = Worlds.Small.TracksByPopularity;
        Assert.Equal([top[0], top[1], top[2], top[0], top[0]], answers);
    }
}
