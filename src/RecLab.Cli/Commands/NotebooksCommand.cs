using System.CommandLine;
using System.Globalization;
using RecLab.Cli.Notebooks;
using RecLab.Notebooks;
using Spectre.Console;

namespace RecLab.Cli.Commands;

/// <summary><c>reclab notebooks run|check</c>: the headless notebook engine and the notebook metadata check.</summary>
public static class NotebooksCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create() => new("notebooks", "Run C# notebooks headless (no kernel needed) or check their metadata.")
    {
        RunCommandFor(),
        CheckCommand(),
    };

    private static Command RunCommandFor()
    {
        var paths = new Argument<string[]>("paths") { Description = "Notebooks to run, in order.", Arity = ArgumentArity.OneOrMore };
        var param = new Option<string[]>("--param", "-p") { Description = "Override a variable of the 'parameters' cell: name=value (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var outDir = new Option<string?>("--out", "-o") { Description = "Output folder for executed notebooks and report.html (default: runs/notebooks-<time>)." };
        var command = new Command("run", "Run notebooks cell by cell and write the executed .ipynb files and one self-contained HTML report.") { paths, param, outDir };
        command.SetAction((result, cancellation) => Terminal.Guard(async () =>
        {
            var overrides = ParameterOverrides.Parse(result.GetValue(param) ?? []);
            var files = result.GetValue(paths)!.Select(Path.GetFullPath).ToList();
            var output = Path.GetFullPath(result.GetValue(outDir) ?? Path.Combine("runs", "notebooks-" + DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)));
            var batch = await NotebookBatch.RunAsync(files, (_, _) => overrides, output,
                files.Count == 1 ? Path.GetFileNameWithoutExtension(files[0]) : "RecLab notebooks",
                [new("generated", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)), new("RecLab", RecLabSession.Version)],
                cancellation: cancellation);
            Terminal.Err.WriteLine($"executed notebooks and report: {output}");
            var failed = batch.Runs.FirstOrDefault(r => !r.Succeeded);
            return failed is null ? 0 : Terminal.Fail(failed.FailureSummary);
        }));
        return command;
    }

    private static Command CheckCommand()
    {
        var paths = new Argument<string[]>("paths") { Description = "Notebooks to check.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("check", "Check that notebooks carry .NET Interactive C# metadata, a parameters cell, and no bulky stored outputs.") { paths };
        command.SetAction(result => Terminal.Guard(() =>
        {
            var failures = 0;
            foreach (var path in result.GetValue(paths)!)
            {
                var problems = NotebookMetadata.Validate(NotebookDocument.Load(path));
                foreach (var problem in problems) Terminal.Err.WriteLine($"{path}: {problem}");
                if (problems.Count > 0) failures++;
            }
            return Task.FromResult(failures == 0 ? 0 : 1);
        }));
        return command;
    }
}
