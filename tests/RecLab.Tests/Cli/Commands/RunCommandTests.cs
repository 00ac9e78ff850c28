using System.Text.Json.Nodes;
using RecLab.Platform;
using RecLab.Notebooks;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Cli.Commands;

/// <summary>The main job on small parameters: the whole series, twice, with one seed.</summary>
public sealed class RunCommandTests
{
    private static readonly string[] Quick =
    [
        "--param", "episodes=15000", "--param", "epochs=3", "--param", "abEpisodes=4000", "--param", "device=cpu",
        "--param", "seeds=2", "--param", "steps=40", "--param", "bootstrap=100", "--param", "checkEpisodes=0",
    ];

    [Fact]
    public async Task A_small_study_run_twice_with_one_seed_records_the_same_numbers_and_its_report_draws_every_chart()
    {
        using var dir = new TempDir();

        var first = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(10), ["run", "--out", "runs", "--seed", "7", "--run-id", "a", .. Quick]);
        var second = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(10), ["run", "--out", "runs", "--seed", "7", "--run-id", "b", .. Quick]);

        Assert.True(first.ExitCode == 0, first.StdErr);
        Assert.True(second.ExitCode == 0, second.StdErr);
        var notebooks = Directory.GetFiles(dir.File("runs/a"), "*.ipynb").Select(Path.GetFileName).Order().ToList();
        Assert.Equal(Directory.GetFiles(RepoPaths.Notebooks, "*.ipynb").Select(Path.GetFileName).Order(), notebooks);
        var compared = 0;
        foreach (var name in notebooks)
        {
            var a = NotebookResults.Read(NotebookDocument.Load(dir.File($"runs/a/{name}")));
            var b = NotebookResults.Read(NotebookDocument.Load(dir.File($"runs/b/{name}")));
            Assert.True(a.Count > 0, $"{name} recorded no results");
            Assert.True(JsonNode.DeepEquals(a, b), $"{name}: {a.ToJsonString()} vs {b.ToJsonString()}");
            compared += a.Count;
        }
        Assert.True(compared > 60, $"{compared} results compared");

        var report = dir.File("runs/a/report.html");
        var html = File.ReadAllText(report);
        Assert.Contains("<h2>Summary</h2>", html);
        foreach (var block in new[] { "Environment", "DSSM offline", "CORE online", "Bandit tasks", "A/B analysis: SERIES" }) Assert.Contains(block, html);
        Assert.Contains("seed: <b>7</b>", html);
        var check = HeadlessChromium.Check(report);
        Assert.True(check.Charts >= 20, $"{check.Charts} charts");
        Assert.Equal(check.Charts, check.Drawn);
    }
}
