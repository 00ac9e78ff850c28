using System.Globalization;
using System.Net;
using System.Text;
using Markdig;

namespace RecLab.Notebooks;

/// <summary>
/// Writes executed notebooks as one self-contained HTML page: Markdown rendered, code folded, outputs inline, and
/// plotly.js embedded once in the head, so the report opens offline and in any browser.
/// </summary>
public static class HtmlReport
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    private const string PageCss =
        "body{font:15px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;max-width:1100px;margin:24px auto;padding:0 16px;color:#1f2328}" +
        "h1{margin-bottom:4px}header .facts{color:#57606a;font-size:13px}nav{margin:12px 0;padding:8px 12px;background:#f6f8fa;border-radius:6px}" +
        "section.notebook{border-top:3px solid #d0d7de;margin-top:32px;padding-top:8px}.nb-meta{color:#57606a;font-size:13px}" +
        ".status-ok{color:#1a7f37;font-weight:600}.status-failed{color:#cf222e;font-weight:600}" +
        "details.code{margin:8px 0 2px}details.code summary{cursor:pointer;color:#57606a;font-size:12px}" +
        "pre{background:#f6f8fa;padding:8px;border-radius:6px;overflow-x:auto;font-size:12.5px}" +
        "pre.stderr{background:#fff8c5}pre.error{background:#ffebe9;color:#82071e}.output{margin:4px 0 12px}" +
        ".injected{border-left:3px solid #bf8700;padding-left:8px}.summary{margin:16px 0}";

    /// <summary>The report page for <paramref name="runs"/>.</summary>
    /// <param name="title">Page title.</param>
    /// <param name="runs">Executed notebooks, in order.</param>
    /// <param name="facts">Name/value lines for the header (run id, seed, machine, ...).</param>
    /// <param name="summaryHtml">An optional summary block shown above the notebooks.</param>
    public static string Render(string title, IReadOnlyList<NotebookRun> runs, IReadOnlyList<KeyValuePair<string, string>> facts, string? summaryHtml = null)
    {
        var body = new StringBuilder();
        var needsPlotly = false;
        body.Append("<header><h1>").Append(Encode(title)).Append("</h1><div class=\"facts\">");
        body.Append(string.Join(" · ", facts.Select(f => $"{Encode(f.Key)}: <b>{Encode(f.Value)}</b>")));
        body.Append("</div></header>\n");
        if (runs.Count > 1)
        {
            body.Append("<nav><b>Notebooks</b><ol>");
            for (var i = 0; i < runs.Count; i++)
                body.Append($"<li><a href=\"#nb-{i + 1}\">{Encode(NotebookTitle(runs[i]))}</a> {StatusHtml(runs[i])}</li>");
            body.Append("</ol></nav>\n");
        }
        if (summaryHtml is not null)
        {
            var (cleaned, had) = PlotlyHtml.ExtractLibrary(summaryHtml);
            needsPlotly |= had || PlotlyHtml.HasChart(cleaned);
            body.Append("<div class=\"summary\">").Append(cleaned).Append("</div>\n");
        }
        for (var i = 0; i < runs.Count; i++) needsPlotly |= AppendNotebook(body, runs[i], i + 1);

        var page = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        page.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        page.Append("<title>").Append(Encode(title)).Append("</title>\n<style>").Append(PageCss).Append(NotebookFormatters.Css).Append("</style>\n");
        if (needsPlotly) page.Append(PlotlyHtml.LibraryScript());
        page.Append("</head>\n<body>\n").Append(body).Append("</body></html>\n");
        return page.ToString();
    }

    private static bool AppendNotebook(StringBuilder html, NotebookRun run, int number)
    {
        var needsPlotly = false;
        html.Append($"<section class=\"notebook\" id=\"nb-{number}\"><h1>{Encode(NotebookTitle(run))}</h1>");
        html.Append("<div class=\"nb-meta\">").Append(Encode(run.SourcePath)).Append(" · ")
            .Append(run.Duration.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)).Append(" s · ").Append(StatusHtml(run));
        if (run.Parameters.Count > 0)
            html.Append(" · parameters: ").Append(Encode(string.Join(", ", run.Parameters.Select(p => $"{p.Key}={p.Value}"))));
        html.Append("</div>\n");
        if (run.Failure is not null)
            html.Append("<pre class=\"error\">").Append(Encode(run.FailureSummary)).Append("</pre>\n");
        var skippedTitle = false;
        foreach (var cell in run.Executed.Cells)
        {
            if (cell.CellType == "markdown")
            {
                var text = cell.Source;
                if (!skippedTitle && text.TrimStart().StartsWith('#'))
                {
                    skippedTitle = true;
                    var lines = text.TrimStart().Split('\n', 2);
                    text = lines.Length > 1 ? lines[1] : "";
                }
                html.Append(Markdig.Markdown.ToHtml(text, Markdown));
                continue;
            }
            if (!cell.IsCode) continue;
            var injected = cell.Tags.Contains("injected-parameters");
            html.Append(injected ? "<div class=\"injected\">" : "<div>");
            if (!string.IsNullOrWhiteSpace(cell.Source))
            {
                html.Append($"<details class=\"code\"{(injected ? " open" : "")}><summary>In [{cell.ExecutionCount?.ToString(CultureInfo.InvariantCulture) ?? " "}]");
                if (injected) html.Append(" injected parameters");
                html.Append("</summary><pre><code>").Append(Encode(cell.Source)).Append("</code></pre></details>");
            }
            foreach (var output in cell.Outputs) needsPlotly |= AppendOutput(html, output);
            html.Append("</div>\n");
        }
        html.Append("</section>\n");
        return needsPlotly;
    }

    private static bool AppendOutput(StringBuilder html, CellOutput output)
    {
        html.Append("<div class=\"output\">");
        var needsPlotly = false;
        switch (output)
        {
            case StreamOutput s:
                html.Append(s.Name == "stderr" ? "<pre class=\"stderr\">" : "<pre>").Append(Encode(s.Text)).Append("</pre>");
                break;
            case ErrorOutput e:
                html.Append("<pre class=\"error\">").Append(Encode($"{e.Name}: {e.Value}\n{string.Join("\n", e.Traceback)}")).Append("</pre>");
                break;
            case DisplayDataOutput or ExecuteResultOutput:
                var data = output is DisplayDataOutput d ? d.Data : ((ExecuteResultOutput)output).Data;
                if (data.TryGetValue("text/html", out var markup))
                {
                    var (cleaned, had) = PlotlyHtml.ExtractLibrary(markup);
                    needsPlotly = had || PlotlyHtml.HasChart(cleaned);
                    html.Append(cleaned);
                }
                else if (data.TryGetValue("image/png", out var png))
                    html.Append("<img alt=\"figure\" src=\"data:image/png;base64,").Append(png.Trim()).Append("\">");
                else if (data.TryGetValue("text/plain", out var plain))
                    html.Append("<pre>").Append(Encode(plain)).Append("</pre>");
                break;
        }
        html.Append("</div>");
        return needsPlotly;
    }

    private static string NotebookTitle(NotebookRun run) => run.Executed.Title ?? Path.GetFileNameWithoutExtension(run.SourcePath);

    private static string StatusHtml(NotebookRun run) =>
        run.Succeeded ? "<span class=\"status-ok\">ran</span>" : $"<span class=\"status-failed\">failed at cell {run.Failure!.CellNumber}</span>";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
