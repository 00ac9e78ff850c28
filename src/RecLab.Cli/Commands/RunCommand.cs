using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using RecLab.Cli.Notebooks;
using RecLab.Notebooks;
using Spectre.Console;

namespace RecLab.Cli.Commands;

/// <summary><c>reclab run [--out DIR] [--seed S] [--full]</c>: the main job, the notebook series end to end.</summary>
public static class RunCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var outDir = new Option<string>("--out", "-o") { Description = "Folder that receives <run-id>/ with executed notebooks, data and report.html.", DefaultValueFactory = _ => "runs" };
        var seed = new Option<ulong>("--seed") { Description = "Root seed of the whole study.", DefaultValueFactory = _ => 42 };
        var full = new Option<bool>("--full") { Description = "Course-sized data (slow on CPU; uses a GPU when present)." };
        var notebooks = new Option<string?>("--notebooks") { Description = "Folder of the notebook series (default: the repository's notebooks/)." };
        var param = new Option<string[]>("--param", "-p")
        {
            Description = "NAME=VALUE given to every notebook that declares NAME in its parameters cell (repeatable), e.g. episodes=20000 for a quick study.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var runId = new Option<string?>("--run-id") { Description = "Name of the run folder (default: start time and seed)." };
        var command = new Command("run", "Run the notebook series end to end and write one self-contained HTML report.") { outDir, seed, full, notebooks, param, runId };
        command.SetAction((result, cancellation) => Terminal.Guard(async () =>
        {
            var folder = result.GetValue(notebooks) ?? FindNotebooks()
                ?? throw new DirectoryNotFoundException("could not find the notebooks/ folder; run from the repository or pass --notebooks DIR.");
            var series = Directory.GetFiles(folder, "*.ipynb").Where(p => char.IsDigit(Path.GetFileName(p)[0])).Order(StringComparer.Ordinal).ToList();
            if (series.Count == 0) throw new FileNotFoundException($"no numbered notebooks in {folder}.");
            var rootSeed = result.GetValue(seed);
            var isFull = result.GetValue(full);
            var id = result.GetValue(runId) ?? $"{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-seed{rootSeed}";
            var output = Path.GetFullPath(Path.Combine(result.GetValue(outDir)!, id));
            var data = Path.Combine(output, "data");
            var values = new Dictionary<string, string>
            {
                ["seed"] = rootSeed.ToString(CultureInfo.InvariantCulture),
                ["runDir"] = data,
                ["full"] = isFull ? "true" : "false",
            };
            foreach (var pair in result.GetValue(param) ?? [])
            {
                var at = pair.IndexOf('=');
                if (at <= 0) throw new ArgumentException($"--param '{pair}' is not NAME=VALUE.");
                values[pair[..at].Trim()] = pair[(at + 1)..];
            }
            var facts = new List<KeyValuePair<string, string>>
            {
                new("run", id), new("seed", values["seed"]), new("profile", isFull ? "full" : "default"),
                new("RecLab", RecLabSession.Version), new(".NET", RuntimeInformation.FrameworkDescription),
                new("machine", $"{RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores"),
            };
            var torch = RecLab.Platform.TorchRuntime.EnsureLoaded();
            facts.Add(new("TorchSharp", $"{torch.TorchSharpVersion} (libtorch {torch.LibTorchVersion ?? "not loaded"}, {(torch.CudaAvailable ? "CUDA" : "CPU")})"));
            var overrides = values.Keys.Except(["seed", "runDir", "full"]).ToList();
            if (overrides.Count > 0) facts.Add(new("parameters", string.Join(", ", overrides.Select(k => $"{k}={values[k]}"))));
            Terminal.Err.WriteLine($"run {id}: {series.Count} notebook(s) from {folder} into {output}");
            var batch = await NotebookBatch.RunAsync(series,
                (_, declared) => values.Where(v => declared.Contains(v.Key)).ToDictionary(),
                output, "RecLab study", facts, runs => StudySummary.Render(runs, facts), cancellation);
            Terminal.Err.WriteLine($"report: {batch.ReportPath}");
            var failed = batch.Runs.FirstOrDefault(r => !r.Succeeded);
            return failed is null ? 0 : Terminal.Fail(failed.FailureSummary);
        }));
        return command;
    }

    /// <summary>The repository's <c>notebooks/</c> folder (see <see cref="FindRepositoryRoot"/>).</summary>
    public static string? FindNotebooks() => FindRepositoryRoot() is { } root ? Path.Combine(root, "notebooks") : null;

    /// <summary>The repository root (the folder with <c>RecLab.slnx</c> and <c>notebooks/</c>), searched upward from the
    /// working directory and then from the application's folder.</summary>
    public static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "RecLab.slnx")) && Directory.Exists(Path.Combine(dir.FullName, "notebooks")))
                    return dir.FullName;
        return null;
    }
}
