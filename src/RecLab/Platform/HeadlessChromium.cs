using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RecLab.Platform;

/// <summary>What a headless browser saw in a report.</summary>
/// <param name="Charts">Chart containers in the page.</param>
/// <param name="Drawn">Charts plotly.js drew (the container became a plot and holds an SVG).</param>
/// <param name="Browser">The browser's version line.</param>
public sealed record RenderCheck(int Charts, int Drawn, string Browser)
{
    /// <summary>Whether every chart drew.</summary>
    public bool AllDrawn => Drawn == Charts;
}

/// <summary>
/// Opens HTML reports in headless Chromium (the Debian package), the way a reader's browser does, offline: the DOM
/// after scripts ran tells whether every chart drew, and a screenshot shows the page (the README's picture is made so).
/// </summary>
public static partial class HeadlessChromium
{
    private static readonly string[] Candidates = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

    /// <summary>The browser executable on PATH, or null.</summary>
    public static string? Find() =>
        Candidates.SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);

    /// <summary>Loads <paramref name="report"/>, lets scripts run, and counts the charts that drew.</summary>
    /// <exception cref="InvalidOperationException">No browser, or it failed; the message says which and why.</exception>
    public static RenderCheck Check(string report)
    {
        var dom = Run("--dump-dom", Url(report));
        var containers = ChartContainer().Matches(dom);
        var drawn = containers.Count(m => m.Groups[1].Value.Contains("js-plotly-plot", StringComparison.Ordinal));
        return new RenderCheck(containers.Count, drawn, Version());
    }

    /// <summary>Saves a <paramref name="width"/> × <paramref name="height"/> screenshot of the top of <paramref name="report"/>.</summary>
    public static void Screenshot(string report, string png, int width = 1280, int height = 1600)
    {
        Run($"--screenshot={Path.GetFullPath(png)}", $"--window-size={width},{height}", "--hide-scrollbars", Url(report));
        if (!File.Exists(png)) throw new InvalidOperationException($"the browser wrote no screenshot to {png}.");
    }

    private static string Url(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;

    private static string Version()
    {
        try
        {
            return Run("--version").Trim();
        }
        catch (InvalidOperationException)
        {
            return "unknown";
        }
    }

    private static string Run(params string[] args)
    {
        var browser = Find() ?? throw new InvalidOperationException("no Chromium found on PATH: bash environment/setup.sh installs the Debian package 'chromium'.");
        var start = new ProcessStartInfo(browser) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--virtual-time-budget=20000" }.Concat(args))
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{browser} did not finish in 2 minutes.");
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"{browser} exited with {process.ExitCode}: {error.Result.Trim()}");
        return output.Result;
    }

    [GeneratedRegex("<div id=\"reclab-plot-[0-9a-f]+\" class=\"([^\"]*)\"")]
    private static partial Regex ChartContainer();
}
