using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Plotly.NET;
using RecLab.Analysis;
using RecLab.Charts;
using RecLab.IO;
using RecLab.Notebooks;
using RecLab.Platform;

namespace RecLab.Reports;

/// <summary>The files <see cref="HomeworkReport.Write"/> wrote.</summary>
/// <param name="Markdown"><c>README.md</c>: what a course repository shows.</param>
/// <param name="Html"><c>report.html</c>: one self-contained page (plotly.js embedded).</param>
/// <param name="Png"><c>effects.png</c>, or null when it could not be rendered.</param>
/// <param name="PngProblem">Why there is no PNG, or null.</param>
public sealed record HomeworkReportFiles(string Markdown, string Html, string? Png, string? PngProblem);

/// <summary>
/// The report a student hands in for one experiment: a Markdown file (<c>README.md</c>) with the idea, the details, the
/// course's A/B table and the effect chart as a PNG beside it, and one self-contained HTML page with the same content and
/// the interactive chart. Both name the environment, every seed and the exact commands that reproduce the run. Nothing
/// in them depends on the clock or the machine's load, so the same seed gives the same report, byte for byte.
/// </summary>
public static partial class HomeworkReport
{
    /// <summary>File name of the Markdown report.</summary>
    public const string MarkdownFile = "README.md";

    /// <summary>File name of the HTML page.</summary>
    public const string HtmlFile = "report.html";

    /// <summary>File name of the effect chart.</summary>
    public const string PngFile = "effects.png";

    private const int ChartWidth = 900;
    private const int ChartHeight = 480;
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <summary>Writes the report of <paramref name="report"/> into <paramref name="folder"/> (created; the three files
    /// replaced atomically) and returns their paths.</summary>
    public static HomeworkReportFiles Write(string folder, AbReport report, HomeworkReportOptions options)
    {
        options.Validate();
        Directory.CreateDirectory(folder);
        var html = Path.Combine(folder, HtmlFile);
        AtomicFile.WriteAllText(html, Html(report, options));
        string? png = null, problem = null;
        if (options.Png)
        {
            (png, problem) = RenderPng(report, Path.Combine(folder, PngFile));
        }
        var markdown = Path.Combine(folder, MarkdownFile);
        AtomicFile.WriteAllText(markdown, Markdown(report, options, png is null ? null : PngFile, problem));
        return new HomeworkReportFiles(markdown, html, png, problem);
    }

    /// <summary>The Markdown report; <paramref name="png"/> is the chart file beside it (null: none, for
    /// <paramref name="pngProblem"/>).</summary>
    public static string Markdown(AbReport report, HomeworkReportOptions options, string? png = PngFile, string? pngProblem = null)
    {
        var md = new StringBuilder();
        md.Append("# ").Append(options.Title).Append("\n\n");
        Section(md, "Idea", options.Idea);
        Section(md, "Details", options.Details);
        md.Append("## A/B result\n\n").Append(Describe(report)).Append("\n\n");
        if (options.Served.Count > 0)
        {
            md.Append("| arm | serves |\n|---|---|\n");
            foreach (var arm in report.Arms) md.Append("| ").Append(arm).Append(" | `").Append(options.Served.GetValueOrDefault(arm, "?")).Append("` |\n");
            md.Append('\n');
        }
        md.Append(Table(report)).Append('\n');
        foreach (var warning in report.Warnings) md.Append("> ⚠ ").Append(warning).Append("\n\n");
        md.Append(png is not null
            ? $"![Effects with 95% intervals]({png})\n\n"
            : $"*(No chart image: {pngProblem ?? "not rendered"}; the chart is in [{HtmlFile}]({HtmlFile}).)*\n\n");
        Section(md, "Verdict", options.Verdict);
        md.Append("## Reproduce\n\n");
        md.Append("Environment: ").Append(EnvironmentLine()).Append("\n\n");
        md.Append("Seeds: ").Append(options.Seeds.Count == 0 ? "none given" : string.Join(", ", options.Seeds.Select(s => $"{s.Key} = {s.Value}"))).Append("\n\n");
        if (options.Reproduce.Count == 0) md.Append("No reproduce commands were given.\n");
        else md.Append("```bash\n").Append(string.Join("\n", options.Reproduce)).Append("\n```\n");
        return md.ToString();
    }

    /// <summary>The course's A/B table as a Markdown table: one row per treatment and metric with the columns of
    /// <see cref="AbReport.Columns"/>; effects and bounds in percent of control to 3 decimals, means to 4, p-values to 3
    /// significant digits.</summary>
    public static string Table(AbReport report)
    {
        var md = new StringBuilder("| " + string.Join(" | ", AbReport.Columns) + " |\n|" + string.Concat(AbReport.Columns.Select(_ => "---|")) + "\n");
        foreach (var r in report.Results)
        {
            md.Append("| ").Append(r.Treatment).Append(" | ").Append(r.Metric).Append(" | ")
                .Append(F(r.Effect, "F3")).Append(" | ").Append(F(r.Upper, "F3")).Append(" | ").Append(F(r.Lower, "F3")).Append(" | ")
                .Append(F(r.ControlMean, "F4")).Append(" | ").Append(F(r.TreatmentMean, "F4")).Append(" | ")
                .Append(r.Significant ? "**True**" : "False").Append(" | ")
                .Append(F(r.PValue, "G3")).Append(" | ").Append(F(r.PAdjusted, "G3")).Append(" |\n");
        }
        return md.ToString();
    }

    /// <summary>The self-contained HTML page (no network needed to open it).</summary>
    public static string Html(AbReport report, HomeworkReportOptions options)
    {
        var markdown = Markdown(report, options, png: null, pngProblem: "the interactive chart is below");
        var body = Markdig.Markdown.ToHtml(markdown.Replace(Table(report), "<!--ab-table-->\n"), Pipeline)
            .Replace("<!--ab-table-->", report.ToHtml() + ChartFragment(report, interactive: true));
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + WebUtility.HtmlEncode(options.Title) + "</title>\n<style>" +
               "body{font:15px/1.5 system-ui,sans-serif;max-width:1000px;margin:24px auto;padding:0 16px;color:#1f2328}" +
               "pre{background:#f6f8fa;padding:8px;border-radius:6px;overflow-x:auto}table{border-collapse:collapse}" +
               "td,th{border:1px solid #d0d7de;padding:3px 8px}" + NotebookFormatters.Css + "</style>\n" +
               PlotlyHtml.LibraryScript() + "</head>\n<body>\n" + body + "</body></html>\n";
    }

    /// <summary>The metrics a homework report compares: every metric of <see cref="AbMetrics.All"/> except request
    /// latency, which measures the machine rather than the recommender and differs run to run (with it, the same seed
    /// would not give the same report). Pass them as <see cref="AbOptions.Metrics"/>.</summary>
    public static IReadOnlyList<string> Metrics { get; } = [.. AbMetrics.All.Where(m => m != AbMetrics.MeanRequestLatency)];

    private static (string? Png, string? Problem) RenderPng(AbReport report, string png)
    {
        if (HeadlessChromium.Find() is null) return (null, "no Chromium on PATH (bash environment/setup.sh installs it)");
        var page = png + ".chart.html";
        try
        {
            AtomicFile.WriteAllText(page, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><style>body{margin:0;background:#fff}.modebar{display:none!important}</style>" +
                                          PlotlyHtml.LibraryScript() + "</head><body>" + ChartFragment(report, interactive: false) + "</body></html>\n");
            var partial = png + ".partial.png";
            HeadlessChromium.Screenshot(page, partial, ChartWidth, ChartHeight);
            File.Move(partial, png, overwrite: true);
            return (png, null);
        }
        catch (InvalidOperationException e)
        {
            return (null, e.Message);
        }
        finally
        {
            File.Delete(page);
        }
    }

    /// <summary>The effect chart with a fixed element id (a fresh one per call would make the page differ run to run).</summary>
    private static string ChartFragment(AbReport report, bool interactive)
    {
        var chart = AbCharts.Effects(report);
        if (!interactive) chart = Plotly.NET.CSharp.GenericChartExtensions.WithSize(chart, Width: ChartWidth, Height: ChartHeight).WithLayoutProperty("autosize", false);
        var (fragment, _) = PlotlyHtml.ExtractLibrary(PlotlyHtml.Fragment(chart));
        return PlotId().Replace(fragment, "reclab-plot-000000000001");
    }

    private static string Describe(AbReport report)
    {
        var users = string.Join(", ", report.Arms.Select((a, i) => string.Create(CultureInfo.InvariantCulture, $"{a} = {report.SampleRatio.Observed[i]:N0}")));
        return string.Create(CultureInfo.InvariantCulture,
            $"Experiment `{report.Options.Experiment}`, control `{report.Options.Control}`; users per arm: {users}. Welch intervals at alpha {report.Options.Alpha}, p-values Holm-adjusted over {report.Results.Count} comparisons; effect, upper and lower in percent of the control mean.");
    }

    /// <summary>The environment as one line: what reproduces the numbers (runtime, OS, architecture, cores, library
    /// versions), nothing that changes run to run.</summary>
    public static string EnvironmentLine() =>
        $"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription} ({RuntimeInformation.ProcessArchitecture}), " +
        $"{Environment.ProcessorCount} cores; RecLab {typeof(HomeworkReport).Assembly.GetName().Version?.ToString(3)}, " +
        $"TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString(3)}, plotly.js {PlotlyHtml.PlotlyJsVersion}";

    private static void Section(StringBuilder md, string title, string text)
    {
        if (!string.IsNullOrWhiteSpace(text)) md.Append("## ").Append(title).Append("\n\n").Append(text.Trim()).Append("\n\n");
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    [GeneratedRegex("reclab-plot-[0-9a-f]{12}")]
    private static partial Regex PlotId();
}
