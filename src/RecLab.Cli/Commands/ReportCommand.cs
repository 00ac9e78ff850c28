using System.CommandLine;
using RecLab.Cli.Rendering;

namespace RecLab.Cli.Commands;

/// <summary><c>reclab report check REPORT [--screenshot PNG]</c>: open a report in headless Chromium and check that every chart drew.</summary>
public static class ReportCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create() => new("report", "Check an HTML report in a real (headless) browser.") { Check() };

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
