using RecLab.Notebooks;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Cli.Commands;

public sealed class NotebooksCommandTests
{
    [Fact]
    public async Task Running_the_environment_notebook_writes_the_executed_notebook_and_an_offline_report()
    {
        using var dir = new TempDir();

        var result = await CliProcess.RunAsync(RepoPaths.Root, TimeSpan.FromMinutes(3),
            "notebooks", "run", "notebooks/00-environment.ipynb", "--out", dir.Path, "--param", "steps=40");

        Assert.True(result.ExitCode == 0, result.StdErr);
        var executed = NotebookDocument.Load(dir.File("00-environment.ipynb"));
        Assert.True((bool?)NotebookResults.Read(executed)["torch_loaded"]);
        var report = File.ReadAllText(dir.File("report.html"));
        Assert.Contains(PlotlyHtml.LibraryMarker, report);
        Assert.Contains("class=\"reclab-plot\"", report);
        Assert.DoesNotContain("<script src=", report);
    }

    [Fact]
    public async Task A_failing_cell_gives_a_non_zero_exit_code_and_names_the_notebook_cell_and_error()
    {
        using var dir = new TempDir();
        var path = new NotebookBuilder().Markdown("# broken").Code("var x = 1;").Code("throw new Exception(\"kaput\");").Save(dir, "broken.ipynb");

        var result = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(2), "notebooks", "run", path, "--out", dir.File("out"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("broken.ipynb: cell 3 failed: System.Exception: kaput", result.StdErr);
        Assert.True(File.Exists(dir.File("out/broken.ipynb")), "the executed notebook is written up to the failure");
        Assert.True(File.Exists(dir.File("out/report.html")));
    }

    [Fact]
    public async Task A_bad_param_value_or_a_malformed_notebook_exits_2_with_a_message_and_no_stack_trace()
    {
        using var dir = new TempDir();
        var path = new NotebookBuilder().Code("int steps = 10;", "parameters").Code("steps").Save(dir, "p.ipynb");
        File.WriteAllText(dir.File("odd.ipynb"),
            "{\"cells\": [{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], \"source\": 5}], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");

        var badValue = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(2), "notebooks", "run", path, "--out", dir.File("out"), "--param", "steps=lots");
        var malformed = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(2), "notebooks", "run", "odd.ipynb", "--out", dir.File("out2"));

        Assert.Equal(2, badValue.ExitCode);
        Assert.Contains("p.ipynb: parameter 'steps' expects int, but 'lots' is not one", badValue.StdErr);
        Assert.Equal(2, malformed.ExitCode);
        Assert.Contains("odd.ipynb: cell 1: 'source' must be a string or an array of strings, not number 5", malformed.StdErr);
        Assert.DoesNotContain("   at ", badValue.StdErr + malformed.StdErr);
    }

    [Fact]
    public async Task A_missing_notebook_is_a_usage_error()
    {
        using var dir = new TempDir();

        var result = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(1), "notebooks", "run", "nope.ipynb");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nope.ipynb", result.StdErr);
    }

    [Fact]
    public async Task Check_reports_a_notebook_without_NET_Interactive_metadata()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("py.ipynb"), "{\"cells\": [], \"metadata\": {\"kernelspec\": {\"name\": \"python3\"}}, \"nbformat\": 4, \"nbformat_minor\": 5}");

        var bad = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(1), "notebooks", "check", "py.ipynb");
        var good = await CliProcess.RunAsync(RepoPaths.Root, TimeSpan.FromMinutes(1), ["notebooks", "check", .. Directory.GetFiles(RepoPaths.Notebooks, "*.ipynb")]);

        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("kernelspec.name is 'python3'", bad.StdErr);
        Assert.True(good.ExitCode == 0, good.StdErr);
    }
}
