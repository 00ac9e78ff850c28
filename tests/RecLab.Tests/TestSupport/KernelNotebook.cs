using System.Diagnostics;
using System.Text.Json.Nodes;
using RecLab.Notebooks;

namespace RecLab.Tests.TestSupport;

/// <summary>
/// Runs a notebook in the real .NET Interactive kernel (<c>.net-csharp</c>) through Jupyter's own client (nbclient,
/// Debian's package), as a user's Jupyter would: <c>environment/install-kernel.sh</c> (run by the test command) installs
/// Jupyter and the kernel and packs the library that the notebooks' set-up cells load.
/// </summary>
public static class KernelNotebook
{
    private const string Python = "/usr/bin/python3";

    /// <summary>What a kernel run left: the executed notebook, Jupyter's messages and how long it took.</summary>
    public sealed record Result(NotebookDocument Executed, int ExitCode, string Log, TimeSpan Elapsed);

    /// <summary>Executes <paramref name="notebook"/> with the kernel started in <paramref name="workingDirectory"/>
    /// (the folder of the notebook it came from, so that its relative paths and <c>notebooks/nuget.config</c> apply).
    /// <paramref name="rerunCell"/>, when given, is the index of a cell run a second time right after its first run.</summary>
    public static async Task<Result> RunAsync(NotebookDocument notebook, string workingDirectory, string scratch, TimeSpan timeout, int? rerunCell = null)
    {
        var script = Path.Combine(RepoPaths.Root, "tests", "RecLab.Tests", "Series", "kernel_execute.py");
        Assert.True(File.Exists(Python) && File.Exists("/usr/lib/python3/dist-packages/nbclient/__init__.py"),
            "Jupyter's nbclient is missing: run `bash environment/install-kernel.sh` (the test command `bash environment/test.sh` does).");
        var input = Path.Combine(scratch, "in.ipynb");
        var output = Path.Combine(scratch, "out.ipynb");
        notebook.Save(input);
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { script, input, output, "--cwd", workingDirectory, "--timeout", ((int)timeout.TotalSeconds).ToString() })
            start.ArgumentList.Add(arg);
        if (rerunCell is { } rerun)
        {
            start.ArgumentList.Add("--rerun");
            start.ArgumentList.Add(rerun.ToString());
        }
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout + TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the kernel run of {input} did not finish within {timeout}.");
        }
        var log = await stdout + await stderr;
        Assert.True(File.Exists(output), $"the kernel run wrote no notebook (exit {process.ExitCode}):\n{Tail(log)}");
        return new Result(NotebookDocument.Load(output), process.ExitCode, log, clock.Elapsed);
    }

    /// <summary>The results a notebook recorded, read from its last code cell's output (<c>NotebookResults.Show()</c>,
    /// whose plain text is the results' JSON): the kernel has no access to the notebook's metadata.</summary>
    public static JsonObject Results(NotebookDocument executed)
    {
        var last = executed.Cells.Last(c => c.IsCode);
        var shown = last.Outputs.OfType<ExecuteResultOutput>().LastOrDefault()
                    ?? throw new InvalidOperationException("the last code cell shows no value (NotebookResults.Show())");
        return JsonNode.Parse(shown.Data["text/plain"]) as JsonObject
               ?? throw new InvalidOperationException("the last code cell's plain text is not a JSON object");
    }

    /// <summary>Every error output and every compiler warning the kernel printed, as lines naming the cell.</summary>
    public static IReadOnlyList<string> Problems(NotebookDocument executed)
    {
        var problems = new List<string>();
        for (var i = 0; i < executed.Cells.Count; i++)
            foreach (var output in executed.Cells[i].Outputs)
            {
                var text = output switch
                {
                    ErrorOutput e => $"{e.Name}: {e.Value}",
                    StreamOutput s when s.Text.Contains("warning CS", StringComparison.Ordinal) => s.Text,
                    DisplayDataOutput d when d.Data.Values.Any(v => v.Contains("warning CS", StringComparison.Ordinal)) => string.Join(" ", d.Data.Values),
                    _ => null,
                };
                if (text is not null) problems.Add($"cell {i + 1}: {text}");
            }
        return problems;
    }

    /// <summary>Saves <paramref name="executed"/> to <paramref name="ipynb"/> and converts it with Jupyter's nbconvert to the
    /// HTML page a reader of the saved notebook sees; returns the page's path.</summary>
    public static string ToHtml(NotebookDocument executed, string ipynb)
    {
        executed.Save(ipynb);
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-m", "nbconvert", "--to", "html", ipynb }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var html = Path.ChangeExtension(ipynb, ".html");
        Assert.True(process.ExitCode == 0 && File.Exists(html), $"nbconvert failed (exit {process.ExitCode}): {stderr.Result}");
        return html;
    }

    private static string Tail(string log) => log.Length <= 4000 ? log : log[^4000..];
}
