using System.Net;
using System.Text;
using System.Text.Json;
using RecLab.Recommenders;
using RecLab.Service;
using RecLab.Tests.TestSupport;
using RecLab.Web;
using RecLab.World;

namespace RecLab.Tests.Web;

/// <summary>Relative paths in a configuration file start from the file's folder, whatever the current directory is.</summary>
public sealed class ConfigPathsTests
{
    /// <summary>A study folder holding a world, an artifacts folder with one list (user 3 → track 7) and a configuration
    /// that names them relatively. The artifacts folder's name is unique, so no current directory has one of that name.</summary>
    private static (string ConfigFile, string Artifacts) WriteStudy(TempDir dir)
    {
        var study = dir.File("study");
        var artifacts = "artifacts-" + Guid.NewGuid().ToString("N")[..8];
        WorldFile.Save(Worlds.Small, Path.Combine(study, "world"));
        Directory.CreateDirectory(Path.Combine(study, artifacts));
        File.WriteAllText(Path.Combine(study, artifacts, "lists.jsonl"), "{\"user\": 3, \"tracks\": [7]}\n");
        var configFile = Path.Combine(study, "botify.json");
        File.WriteAllText(configFile, $$"""
            { "World": "world", "LogDir": "logs", "Artifacts": "{{artifacts}}",
              "Experiments": [ { "Name": "E", "Arms": { "C": "indexed:lists.jsonl" } } ] }
            """);
        return (configFile, artifacts);
    }

    [Fact]
    public void A_relative_artifacts_folder_starts_from_the_configuration_files_folder()
    {
        using var dir = new TempDir();
        var (configFile, artifacts) = WriteStudy(dir);
        Assert.NotEqual(Path.GetDirectoryName(configFile), Environment.CurrentDirectory);
        Assert.False(Directory.Exists(Path.Combine(Environment.CurrentDirectory, artifacts)));

        var (config, directory) = BotifyHost.LoadConfig(configFile);
        var arm = Assert.Single(Assert.Single(config.BuildExperiments(Worlds.Small, directory)).Arms);
        var context = new RecommendationContext { User = 3, History = new SessionHistory(), State = new SessionState(), Random = new Rng(1) };

        Assert.Equal(Path.Combine(Path.GetDirectoryName(configFile)!, artifacts), config.ArtifactsFolder(directory));
        Assert.Equal(7, arm.Recommender.RecommendNext(ref context));
    }

    [Fact]
    public async Task The_service_serves_the_list_of_a_relative_artifacts_folder()
    {
        using var dir = new TempDir();
        var (configFile, _) = WriteStudy(dir);
        var (config, directory) = BotifyHost.LoadConfig(configFile);

        await using var app = BotifyHost.Build(config, directory, ["http://127.0.0.1:0"]);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        using var response = await http.PostAsync("next/3", new StringContent("{\"track\":1,\"time\":0.5,\"session\":1}", Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        await app.StopAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(7, JsonDocument.Parse(body).RootElement.GetProperty("track").GetInt32());
        Assert.True(Directory.Exists(Path.Combine(Path.GetDirectoryName(configFile)!, "logs")));
    }
}
