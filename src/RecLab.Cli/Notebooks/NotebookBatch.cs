using System.Globalization;
using RecLab.IO;
using RecLab.Notebooks;
using Spectre.Console;

namespace RecLab.Cli.Notebooks;

/// <summary>The outcome of running several notebooks into one output folder.</summary>
/// <param name="Runs">Each notebook's run, in order (stops after the first failure).</param>
/// <param name="ExecutedPaths">Where each executed notebook was written.</param>
/// <param name="ReportPath">The self-contained HTML report.</param>
public sealed record NotebookBatchResult(IReadOnlyList<NotebookRun> Runs, IReadOnlyList<string> ExecutedPaths, string ReportPath)
{
    /// <summary>Whether every notebook ran to the end.</summary>
    public bool Succeeded => Runs.All(r => r.Succeeded);
}

/// <summary>
/// Runs notebooks in order with the headless engine, writes each executed notebook and one HTML report into an output
/// folder, and shows progress on standard error. The first failing notebook stops the batch; what ran so far (the
/// failing notebook included, with its error output) is still written, so the failure can be read.
/// </summary>
public static class NotebookBatch
{
    /// <summary>Runs <paramref name="paths"/> into <paramref name="outDir"/>.</summary>
    /// <param name="paths">Notebook files, in order.</param>
    /// <param name="parametersFor">The overrides for one notebook (given its path and its declared parameters).</param>
    /// <param name="outDir">Output folder, created if needed.</param>
    /// <param name="title">Report title.</param>
    /// <param name="facts">Report header lines.</param>
    /// <param name="summary">Builds an optional HTML summary for the top of the report from the runs.</param>
    /// <param name="cancellation">Stops between cells.</param>
    public static async Task<NotebookBatchResult> RunAsync(
        IReadOnlyList<string> paths,
        Func<string, IReadOnlySet<string>, IReadOnlyDictionary<string, string>> parametersFor,
        string outDir,
        string title,
        IReadOnlyList<KeyValuePair<string, string>> facts,
        Func<IReadOnlyList<NotebookRun>, string?>? summary = null,
        CancellationToken cancellation = default)
    {
        foreach (var path in paths)
            if (!File.Exists(path)) throw new FileNotFoundException($"notebook '{path}' does not exist.", path);
        Directory.CreateDirectory(outDir);
        var engine = new NotebookEngine(KitPackages.FromRunningApp());
        var runs = new List<NotebookRun>();
        var executed = new List<string>();
        var interactive = Terminal.Err.Profile.Capabilities.Interactive;
        foreach (var path in paths)
        {
            var parameters = parametersFor(path, NotebookParameters.Declared(NotebookDocument.Load(path)));
            var name = Path.GetFileName(path);
            NotebookRun run;
            if (interactive)
            {
                run = await Terminal.Err.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn())
                    .StartAsync(async context =>
                    {
                        var task = context.AddTask(Markup.Escape(name), maxValue: NotebookDocument.Load(path).Cells.Count);
                        var result = await engine.RunAsync(path, parameters, line => task.Value = CellIndex(line), cancellation);
                        task.Value = task.MaxValue;
                        return result;
                    });
            }
            else
            {
                Terminal.Err.WriteLine($"running {path}");
                run = await engine.RunAsync(path, parameters, null, cancellation);
            }
            runs.Add(run);
            var target = Path.Combine(outDir, name);
            run.Executed.Save(target);
            executed.Add(target);
            Terminal.Err.MarkupLine(
                (run.Succeeded ? "[green]ran[/] " : "[red]failed[/] ") + Markup.Escape($"{name} in {run.Duration.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s"));
            if (!run.Succeeded) break;
        }
        var reportPath = Path.Combine(outDir, "report.html");
        AtomicFile.WriteAllText(reportPath, HtmlReport.Render(title, runs, facts, summary?.Invoke(runs)));
        return new NotebookBatchResult(runs, executed, reportPath);
    }

    private static double CellIndex(string line) =>
        double.TryParse(line.Split(' ', '/')[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value - 1 : 0;
}
