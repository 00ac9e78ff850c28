using System.Text.RegularExpressions;
using RecLab.Recommenders;
using RecLab.Tests.TestSupport;
using RecLab.Web;

namespace RecLab.Tests.Web;

/// <summary>The Docker stack's files and the service documentation agree with the code (no Docker engine runs here).</summary>
public sealed class EnvironmentFilesTests
{
    private static string Env(string name) => Path.Combine(RepoPaths.Root, "environment", name);

    [Fact]
    public void The_compose_configuration_loads_and_builds_its_experiment()
    {
        var (config, _) = BotifyHost.LoadConfig(Env("botify.json"));
        config.Validate();

        var experiments = config.BuildExperiments(Worlds.Small, Env("."));

        Assert.Equal("redis:6379", config.Redis);
        var experiment = Assert.Single(experiments);
        Assert.Equal(["C", "T1", "T2", "T3"], experiment.Arms.Select(a => a.Name));
    }

    [Fact]
    public void Every_file_the_compose_stack_mounts_or_builds_exists()
    {
        var compose = File.ReadAllText(Env("compose.yaml"));
        var mounted = Regex.Matches(compose, @"""\./([^:""]+):").Select(m => m.Groups[1].Value).ToList();
        var dockerfile = Regex.Match(compose, @"dockerfile:\s*([^\s}]+)").Groups[1].Value;

        Assert.Equal(["botify.json", "docker/nginx.conf", "nginx/json-errors.conf"], mounted.Order());
        Assert.All(mounted, path => Assert.True(File.Exists(Env(path)), path));
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, dockerfile)), dockerfile);
        var publish = Regex.Match(File.ReadAllText(Path.Combine(RepoPaths.Root, dockerfile)), @"dotnet publish (\S+)").Groups[1].Value;
        Assert.True(Directory.Exists(Path.Combine(RepoPaths.Root, publish)), publish);
    }

    [Fact]
    public void The_environment_readme_lists_every_recommender_kind()
    {
        var readme = File.ReadAllText(Env("README.md"));

        Assert.All(RecommenderFactory.Help.Keys, kind => Assert.Matches($@"\| `{Regex.Escape(kind)}[`:(,]", readme));
    }

    [Fact]
    public void A_missing_configuration_file_is_named()
    {
        var e = Assert.Throws<FileNotFoundException>(() => BotifyHost.LoadConfig("/nowhere/botify.json"));
        Assert.Contains("/nowhere/botify.json", e.Message);
    }
}
