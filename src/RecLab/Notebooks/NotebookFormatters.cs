using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;

namespace RecLab.Notebooks;

/// <summary>
/// Registers RecLab's HTML formatters with Microsoft.DotNet.Interactive.Formatting, the formatter registry that the
/// .NET Interactive kernel and RecLab's headless engine both use: Plotly.NET charts (plotly.js embedded once per
/// document), DataFrames (tables), and RecLab's result records (through <see cref="IHtmlRenderable"/>).
/// </summary>
public static class NotebookFormatters
{
    private static int _registered;

    /// <summary>The CSS that tables and cards in RecLab's HTML use; reports put it in the page head.</summary>
    public const string Css =
        ".reclab-table{border-collapse:collapse;font:13px/1.4 system-ui,sans-serif;margin:4px 0}" +
        ".reclab-table th,.reclab-table td{border:1px solid #d0d7de;padding:3px 8px;text-align:left}" +
        ".reclab-table th{background:#f3f5f8}.reclab-table td.num{text-align:right;font-variant-numeric:tabular-nums}" +
        ".reclab-table caption{color:#57606a;font-size:12px;text-align:left;padding-top:2px}" +
        ".reclab-ok{color:#1a7f37}.reclab-warn{color:#9a6700}.reclab-fail{color:#cf222e}";

    /// <summary>Registers the formatters once per process; later calls do nothing.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        Formatter.Register<GenericChart>(PlotlyHtml.Fragment, HtmlFormatter.MimeType);
        Formatter.Register<DataFrame>(frame => DataFrameHtml.Table(frame), HtmlFormatter.MimeType);
        Formatter.Register<DataFrame>(frame => frame.ToString(), PlainTextFormatter.MimeType);
        Formatter.Register<GenericChart>(chart => $"Plotly chart ({GenericChart.countTrace(chart)} traces)", PlainTextFormatter.MimeType);
        Formatter.Register<IHtmlRenderable>(value => value.ToHtml(), HtmlFormatter.MimeType);
        Formatter.Register<IHtmlRenderable>(value => value.ToString() ?? "", PlainTextFormatter.MimeType);
        // Both representations, as Jupyter expects of a rich output: HTML to look at, plain text for consoles, diffs,
        // and readers of a saved notebook that render no HTML.
        foreach (var type in new[] { typeof(GenericChart), typeof(DataFrame), typeof(IHtmlRenderable) })
            Formatter.SetPreferredMimeTypesFor(type, HtmlFormatter.MimeType, PlainTextFormatter.MimeType);
    }
}
