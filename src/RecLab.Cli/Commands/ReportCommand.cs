using System.CommandLine;
using RecLab.Analysis;
using RecLab.Platform;
using RecLab.Reports;

namespace RecLab.Cli.Commands;

/// <summary><c>reclab report check REPORT [--screenshot PNG]</c>: open a report in headless Chromium and check that every chart
/// drew; <c>reclab report homework LOGS --experiment NAME --out DIR ...</c>: the report a student hands in.</summary>
public static class ReportCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create() => new("report", "Check an HTML report in a real (headless) browser; write a homework report.") { Check(), Homework() };

    private static Command Homework()
    {
        var logs = new Argument<string[]>("logs") { Description = "Event logs of the experiment (files or folders, as for reclab ab).", Arity = ArgumentArity.OneOrMore };
        var experiment = new Option<string>("--experiment", "-e") { Description = "Experiment to analyse.", Required = true };
        var control = new Option<string>("--control") { Description = "Control arm.", DefaultValueFactory = _ => "C" };
        var output = new Option<string>("--out", "-o") { Description = "Folder for README.md, effects.png and report.html.", Required = true };
        var title = new Option<string?>("--title") { Description = "Title (default: Homework: EXPERIMENT)." };
        var idea = new Option<string?>("--idea") { Description = "Markdown file with the idea." };
        var details = new Option<string?>("--details") { Description = "Markdown file with the details (model, options, recommender)." };
        var verdict = new Option<string?>("--verdict") { Description = "Markdown file with the verdict." };
        var served = new Option<string[]>("--served") { Description = "ARM=WHAT for the table of arms (repeatable).", AllowMultipleArgumentsPerToken = true };
        var seeds = new Option<string[]>("--seed") { Description = "NAME=VALUE of every seed of the run (repeatable, in order).", AllowMultipleArgumentsPerToken = true };
        var reproduce = new Option<string[]>("--reproduce") { Description = "An exact command that reproduces the run (repeatable, in order).", AllowMultipleArgumentsPerToken = false };
        var noPng = new Option<bool>("--no-png") { Description = "Skip the PNG of the effect chart (no Chromium needed)." };
        var command = new Command("homework", "Write the homework report of one experiment: Markdown with the course's A/B table and the effect chart as PNG, and one self-contained HTML page.")
            { logs, experiment, control, output, title, idea, details, verdict, served, seeds, reproduce, noPng };
        command.SetAction(result => Terminal.Guard(() =>
        {
            var analysis = AbAnalysis.Run(result.GetValue(logs)!, new AbOptions
            {
                Experiment = result.GetValue(experiment)!, Control = result.GetValue(control)!, Metrics = HomeworkReport.Metrics,
            });
            var files = HomeworkReport.Write(result.GetValue(output)!, analysis, new HomeworkReportOptions
            {
                Title = result.GetValue(title) ?? $"Homework: {analysis.Options.Experiment}",
                Idea = ReadText(result.GetValue(idea), "--idea"),
                Details = ReadText(result.GetValue(details), "--details"),
                Verdict = ReadText(result.GetValue(verdict), "--verdict"),
                Served = Pairs(result.GetValue(served), "--served"),
                Seeds = Pairs(result.GetValue(seeds), "--seed"),
                Reproduce = result.GetValue(reproduce) ?? [],
                Png = !result.GetValue(noPng),
            });
            foreach (var warning in analysis.Warnings) Terminal.StdErr.WriteLine($"warning: {warning}");
            if (files.PngProblem is { } problem) Terminal.StdErr.WriteLine($"warning: no effects.png: {problem}");
            Terminal.StdOut.WriteLine($"report: {files.Markdown}");
            Terminal.StdOut.WriteLine($"report: {files.Html}");
            return Task.FromResult(0);
        }));
        return command;
    }

    private static string ReadText(string? path, string option) =>
        path is null ? "" : File.Exists(path) ? File.ReadAllText(path) : throw new FileNotFoundException($"{option} {path}: the file does not exist.", path);

    private static Dictionary<string, string> Pairs(string[]? values, string option)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values ?? [])
        {
            var equals = value.IndexOf('=');
            if (equals <= 0) throw new ArgumentException($"{option} '{value}': expected NAME=VALUE.");
            pairs[value[..equals]] = value[(equals + 1)..];
        }
        return pairs;
    }

    private static Command Check()
    {
        var report = new Argument<string>("report") { Description = "The report.html to open." };
        var screenshot = new Option<string?>("--screenshot") { Description = "Also save a PNG of the top of the page." };
        var command = new Command("check", "Open the report in headless Chromium; exit 1 unless every chart drew.") { report, screenshot };
        command.SetAction(result => Terminal.Guard(() =>
        {
            var path = result.GetValue(report)!;
            if (!File.Exists(path)) throw new FileNotFoundException($"report {path} does not exist.", path);
            var check = HeadlessChromium.Check(path);
            if (result.GetValue(screenshot) is { } png) HeadlessChromium.Screenshot(path, png);
            Terminal.StdOut.WriteLine($"{check.Drawn} of {check.Charts} charts drew in {check.Browser}");
            return Task.FromResult(check.AllDrawn && check.Charts > 0 ? 0 : 1);
        }));
        return command;
    }
}
