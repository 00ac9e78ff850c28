using System.Text.Json.Nodes;
using RecLab.Cli.Notebooks;
using RecLab.Notebooks;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Series;

/// <summary>
/// Every notebook of the series runs through the headless engine on small parameters, and its recorded headline
/// results are asserted with tolerances: a notebook that does not run, or silently degrades, fails here.
/// </summary>
[Collection(NotebookEngineCollection.Name)]
public sealed class SeriesNotebookTests
{
    /// <summary>Small parameters per notebook (CI sizes) and the checks on what each records.</summary>
    private static readonly Dictionary<string, (Dictionary<string, string> Parameters, Action<JsonObject> Check)> Series = new()
    {
        ["00-environment.ipynb"] = (new() { ["steps"] = "60" }, results =>
        {
            Assert.True((bool?)results["torch_loaded"]);
            Assert.Equal("cpu", (string?)results["device"]);
            Assert.True((double)results["final_loss"]! < (double)results["first_loss"]! / 5);
        }),
        ["01-data-collection.ipynb"] = (new() { ["smallWorld"] = "true", ["episodes"] = "3000" }, results =>
        {
            Assert.Equal(3000, (long)results["sessions"]!);
            Assert.InRange((double)results["C_mean_tracks_per_session"]!, 6.0, 8.0);
            Assert.True((double)results["T2_mean_time_per_session"]! > (double)results["C_mean_time_per_session"]!, "StickyArtist beats Random");
            Assert.True((double)results["T3_mean_time_per_session"]! > (double)results["T2_mean_time_per_session"]!, "no repeats beat repeats");
        }),
        ["02-dssm-training.ipynb"] = (new() { ["episodes"] = "20000", ["epochs"] = "6", ["abEpisodes"] = "8000", ["device"] = "cpu" }, results =>
        {
            Assert.True((double)results["DSSM_recall@100"]! > 1.5 * (double)results["popularity_recall@100"]!, "DSSM beats popularity offline");
            Assert.True((double)results["DSSM_recall@100"]! > (double)results["DSSM_(triplet_loss)_recall@100"]!, "the default loss beats the course's");
            Assert.Equal("dssm-session", (string?)results["best_dssm_arm"]);
            Assert.True((bool)results["best_dssm_significant"]!, "the best DSSM arm beats StickyArtist significantly");
            Assert.True((double)results["random_effect"]! < 0, "Random loses to StickyArtist");
        }),
        ["03-core-training.ipynb"] = (new() { ["episodes"] = "20000", ["epochs"] = "6", ["abEpisodes"] = "6000", ["device"] = "cpu" }, results =>
        {
            Assert.True((double)results["core_trm_loss_ratio"]! < 0.9, "CORE-trm learns");
            Assert.True((double)results["core_ave_loss_ratio"]! < 0.9, "CORE-ave learns");
            Assert.True((double)results["CORE-trm_mrr@20"]! > 0, "CORE-trm ranks test items");
            foreach (var arm in new[] { "core-ave", "core-trm", "core-restart", "core-ranked" }) Assert.NotNull(results[$"{arm}_effect"]);
        }),
        ["04-bandits.ipynb"] = (new() { ["seeds"] = "2" }, results =>
        {
            Assert.True((double)results["task1_best_final"]! >= 0.72);
            Assert.True((bool)results["task2_target_met"]!);
            Assert.True((bool)results["task3_target_met"]!);
            Assert.True((bool)results["task4_target_met"]!);
            Assert.InRange((double)results["task1_reference-ucb"]!, 0.50, 0.60);
            Assert.InRange((double)results["task3_reference-ucb"]!, 0.41, 0.50);
        }),
        ["05-simulation-runs.ipynb"] = (new()
        {
            ["smallWorld"] = "true", ["episodes"] = "3000", ["service"] = "stack", ["checkEpisodes"] = "500",
            ["cli"] = $"dotnet {Path.Combine(AppContext.BaseDirectory, "RecLab.Cli.dll")}",
        }, results =>
        {
            Assert.Equal("stack", (string?)results["service"]);
            Assert.Equal(3000, (long)results["sessions"]!);
            Assert.True((bool)results["exactly_once"]!);
            Assert.Equal(2, (long)results["replicas_logged"]!);
            Assert.Equal(0, (long)results["errors"]!);
            Assert.Equal(1.0, (double)results["replay_identical_fraction"]!);
            Assert.True((double)results["T2_mean_time_per_session"]! > (double)results["C_mean_time_per_session"]!, "StickyArtist beats Random");
        }),
        ["06-ab-analysis.ipynb"] = (new() { ["smallWorld"] = "true", ["episodes"] = "6000", ["bootstrap"] = "200" }, results =>
        {
            Assert.Equal("BASELINES", (string?)results["experiment"]);
            Assert.True((bool)results["T2_significant"]!, "StickyArtist beats Random significantly");
            Assert.InRange((double)results["T2_effect_mean_time_per_session"]!, 10, 80);
            Assert.True((double)results["T3_effect_mean_time_per_session"]! > (double)results["T2_effect_mean_time_per_session"]!, "no repeats beat repeats");
            Assert.True((double)results["srm_p_value"]! > 0.001);
            Assert.InRange((double)results["aa_false_positive_rate"]!, 0.01, 0.1);
            Assert.InRange((double)results["cuped_width_ratio"]!, 0.3, 0.99);
        }),
    };

    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(RepoPaths.Notebooks, "*.ipynb").Order()) data.Add(Path.GetFileName(path));
        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Runs_headless_on_small_parameters_and_records_sane_results(string name)
    {
        Assert.True(Series.TryGetValue(name, out var spec), $"{name} has no small-parameter entry in {nameof(SeriesNotebookTests)}");
        using var dir = new TempDir();
        var path = Path.Combine(RepoPaths.Notebooks, name);
        var parameters = new Dictionary<string, string>(spec.Parameters);
        var declared = NotebookParameters.Declared(NotebookDocument.Load(path));
        if (declared.Contains("runDir")) parameters["runDir"] = dir.Path;

        var run = await new NotebookEngine(KitPackages.FromRunningApp()).RunAsync(path, parameters);

        Assert.True(run.Succeeded, run.FailureSummary);
        spec.Check(NotebookResults.Read(run.Executed));
    }
}
