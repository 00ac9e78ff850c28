using System.Net;
using System.Text.RegularExpressions;
using RecLab.Cli.Notebooks;
using RecLab.Notebooks;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Cli.Notebooks;

/// <summary>
/// One meaning for a notebook: <c>Conformance/conformance.ipynb</c> (small cells probing trailing expressions,
/// <c>display</c>, state, magics, warnings, errors, FSharp.Core, charts and package directives) runs in the real
/// .NET Interactive kernel and in the headless engine, and every cell must have the same outcome in both. The kernel is
/// the reference: what it refuses, the engine refuses; what it shows, the engine shows.
/// </summary>
[Collection(NotebookEngineCollection.Name)]
public sealed partial class KernelConformanceTests
{
    /// <summary>What a cell did, in terms both hosts share.</summary>
    private sealed record Outcome(string Cell, bool Error, string Detail, string Values, string Streams)
    {
        public override string ToString() => $"{Cell}: {(Error ? "error " + Detail : "ok")} | values [{Values}] | streams [{Streams}]";
    }

    [Fact]
    public async Task Every_cell_has_the_same_outcome_in_the_kernel_and_in_the_headless_engine()
    {
        using var dir = new TempDir();
        var notebook = dir.File("conformance.ipynb");
        var feed = Path.Combine(RepoPaths.Root, "artifacts", "packages");
        // The absolute #i names the local feed by its path on this machine.
        File.WriteAllText(notebook, File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "RecLab.Tests", "Cli", "Notebooks", "Conformance", "conformance.ipynb"))
            .Replace("{{FEED}}", feed, StringComparison.Ordinal));
        // The kernel finds the packed library through a nuget.config in the folder it starts in, as notebooks/ has.
        File.WriteAllText(dir.File("nuget.config"), $"""
            <configuration><packageSources><add key="RecLab-local" value="{feed}" /></packageSources></configuration>
            """);

        var engine = await new NotebookEngine(KitPackages.FromRunningApp()) { ContinueAfterErrors = true }
            .RunAsync(notebook, new Dictionary<string, string>());
        Directory.CreateDirectory(dir.File("kernel"));
        var kernel = await KernelNotebook.RunAsync(NotebookDocument.Load(notebook), dir.Path, dir.File("kernel"), TimeSpan.FromMinutes(5));

        var cells = NotebookDocument.Load(notebook).Cells;
        var kernelOutcomes = Outcomes(cells, kernel.Executed.Cells);
        var engineOutcomes = Outcomes(cells, engine.Executed.Cells);
        Assert.Equal(kernelOutcomes.Count, engineOutcomes.Count);
        var differs = cells.Where(c => c.IsCode).Select(c => c.Tags.Contains("differs")).ToList();
        var mismatches = new List<string>();
        for (var i = 0; i < kernelOutcomes.Count; i++)
        {
            var (k, e) = (kernelOutcomes[i], engineOutcomes[i]);
            if (differs[i])
            {
                var magic = e.Cell.Split('\n')[0].Split(' ')[0];
                if (k.Error || !e.Error || !e.Detail.Contains(magic, StringComparison.Ordinal))
                    mismatches.Add($"known difference changed:\n  kernel {k}\n  engine {e}");
            }
            else if (k != e)
            {
                mismatches.Add($"kernel {k}\n  engine {e}");
            }
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches) + "\n\nkernel log:\n" + kernel.Log[^Math.Min(kernel.Log.Length, 3000)..]);
        Assert.True(kernelOutcomes.Count(o => o.Error) >= 6, "the notebook probes errors too");
    }

    /// <summary>The outcome of every code cell of <paramref name="executed"/>, in order.</summary>
    private static List<Outcome> Outcomes(IReadOnlyList<NotebookCell> source, IReadOnlyList<NotebookCell> executed)
    {
        var code = source.Where(c => c.IsCode).ToList();
        // The headless engine inserts no cell here (no parameters), so code cells line up one to one.
        var ran = executed.Where(c => c.IsCode).ToList();
        Assert.Equal(code.Count, ran.Count);
        return code.Select((cell, i) => OutcomeOf(cell, ran[i].Outputs)).ToList();
    }

    private static Outcome OutcomeOf(NotebookCell cell, IReadOnlyList<CellOutput> outputs)
    {
        var error = outputs.OfType<ErrorOutput>().FirstOrDefault();
        var streams = string.Join("\n", outputs.OfType<StreamOutput>().SelectMany(s => s.Text.Split('\n'))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !CompileError().IsMatch(l)));
        var values = string.Join(" | ", outputs.Select(o => o switch
        {
            ExecuteResultOutput r => PlainText(r.Data),
            DisplayDataOutput d => PlainText(d.Data),
            _ => null,
        }).OfType<string>());
        var name = cell.Source.Length > 40 ? cell.Source[..40] : cell.Source;
        // The set-up cell's outputs are each host's own (the kernel lists installed packages); only success counts.
        if (cell.Tags.Contains("setup")) return new Outcome(name, error is not null, "", "", "");
        // Package directives: the kernel also shows its package manager's HTML (sources, installed packages); not compared.
        if (cell.Source.StartsWith("#r ", StringComparison.Ordinal) || cell.Source.StartsWith("#i ", StringComparison.Ordinal)) values = "";
        return new Outcome(name, error is not null, error is null ? "" : Detail(cell, error, outputs), values, streams);
    }

    /// <summary>An error in shared terms: compiler errors by id, exceptions by type and message, directives by kind.</summary>
    private static string Detail(NotebookCell cell, ErrorOutput error, IReadOnlyList<CellOutput> outputs)
    {
        var first = cell.Source.TrimStart();
        if (first.StartsWith("#r ", StringComparison.Ordinal) || first.StartsWith("#i ", StringComparison.Ordinal)) return "directive";
        if (first.StartsWith("#!", StringComparison.Ordinal)) return $"directive {error.Value}";
        // The kernel: "compilation error" with the diagnostics on stderr; the engine: the first id as the name, all in the traceback.
        var text = string.Join("\n", outputs.OfType<StreamOutput>().Select(s => s.Text)) + "\n" + error.Name + "\n" + string.Join("\n", error.Traceback);
        if (error.Value == "compilation error" || error.Name.StartsWith("CS", StringComparison.Ordinal))
            return "compile " + string.Join(",", CompileError().Matches(text).Select(m => m.Groups[1].Value).Distinct().Order());
        // The kernel: "Error" with "Type: message\n   at ..." as its value; the engine: the type as the name.
        var thrown = Thrown().Match(error.Value);
        return thrown.Success ? $"exception {thrown.Groups[1].Value}: {thrown.Groups[2].Value}" : $"exception {error.Name}: {error.Value}";
    }

    /// <summary>The text a user reads: text/plain when present, else the text inside the kernel's plain-text HTML.</summary>
    private static string PlainText(IReadOnlyDictionary<string, string> data)
    {
        var text = data.TryGetValue("text/plain", out var plain) ? plain
            : data.TryGetValue("text/html", out var html) && Pre().Match(html) is { Success: true } pre ? WebUtility.HtmlDecode(pre.Groups[1].Value)
            : "(" + string.Join(",", data.Keys.Order()) + ")";
        return Whitespace().Replace(WallTime().Replace(text, "Wall time: N ms"), "");
    }

    [GeneratedRegex(@"error (CS\d{4})")]
    private static partial Regex CompileError();

    [GeneratedRegex(@"^([\w.]+Exception): (.*?)(\r?\n|$)")]
    private static partial Regex Thrown();

    [GeneratedRegex(@"<pre>(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex Pre();

    [GeneratedRegex(@"Wall time: [\d.]+ ?ms")]
    private static partial Regex WallTime();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
