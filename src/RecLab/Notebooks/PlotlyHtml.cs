using System.Text.RegularExpressions;
using Plotly.NET;

namespace RecLab.Notebooks;

/// <summary>
/// Renders Plotly.NET charts as HTML fragments that work offline: plotly.js (bundled inside Plotly.NET) is embedded
/// inline once per document, before the first chart, instead of being fetched from a CDN.
/// </summary>
/// <remarks>
/// A "document" is a kernel session in a real notebook, or one notebook in the headless engine (which calls
/// <see cref="BeginDocument"/>). A cell run again replaces its outputs: when the cell that embedded plotly.js runs
/// again (the same code, <see cref="NotebookDisplay.CurrentCell"/>), its first chart embeds it again, so that the saved
/// notebook still holds one copy. The embedded library is wrapped in a marker (<see cref="LibraryMarker"/>) so that
/// report writers can hoist it into the page head and keep one copy when they join several notebooks.
/// </remarks>
public static partial class PlotlyHtml
{
    /// <summary>The attribute that marks the embedded plotly.js script element.</summary>
    public const string LibraryMarker = "data-reclab-plotly";

    private static readonly Lazy<string> Library = new(LoadLibrary);
    private static readonly Lock Gate = new();
    private static bool _libraryWritten;
    private static CellRun? _libraryCell;

    /// <summary>Version of the plotly.js bundled with Plotly.NET, e.g. <c>2.28.0</c>.</summary>
    public static string PlotlyJsVersion => Globals.PLOTLYJS_VERSION;

    /// <summary>Starts a new document: the next chart embeds plotly.js again.</summary>
    public static void BeginDocument()
    {
        lock (Gate) (_libraryWritten, _libraryCell) = (false, null);
    }

    /// <summary>Whether the chart being rendered now must carry plotly.js: the document's first chart, or the first
    /// chart of the cell that carried it, run again.</summary>
    private static bool TakeLibrary()
    {
        var cell = NotebookDisplay.CurrentCell();
        lock (Gate)
        {
            var rerunOfCarrier = cell is not null && _libraryCell is not null
                                 && cell.Code == _libraryCell.Code && !ReferenceEquals(cell.Run, _libraryCell.Run);
            if (_libraryWritten && !rerunOfCarrier) return false;
            (_libraryWritten, _libraryCell) = (true, cell);
            return true;
        }
    }

    /// <summary>The HTML fragment for <paramref name="chart"/>: a div and the script that draws into it, preceded by
    /// plotly.js itself when this is the document's first chart.</summary>
    public static string Fragment(GenericChart chart)
    {
        var id = "reclab-plot-" + Guid.NewGuid().ToString("N")[..12];
        var figure = ResponsiveWidth(GenericChart.toFigureJson(chart));
        var config = Newtonsoft.Json.JsonConvert.SerializeObject(GenericChart.getConfig(chart), Globals.JSON_CONFIG);
        var prefix = TakeLibrary() ? LibraryScript() : "";
        return prefix +
               $"<div id=\"{id}\" class=\"reclab-plot\"></div>\n" +
               "<script type=\"text/javascript\">(function () {\n" +
               $"  var figure = {figure};\n  var config = {config};\n" +
               $"  var draw = function () {{ Plotly.newPlot('{id}', figure.data, figure.layout, config); }};\n" +
               "  if (window.Plotly) { draw(); } else { var wait = setInterval(function () { if (window.Plotly) { clearInterval(wait); draw(); } }, 50); }\n" +
               "})();</script>\n";
    }

    /// <summary>Drops Plotly.NET's default fixed width (600 px) so that charts fill the page or output cell.</summary>
    private static string ResponsiveWidth(string figureJson)
    {
        if (System.Text.Json.Nodes.JsonNode.Parse(figureJson) is not System.Text.Json.Nodes.JsonObject figure
            || figure["layout"] is not System.Text.Json.Nodes.JsonObject layout
            || (double?)layout["width"] != 600)
            return figureJson;
        layout.Remove("width");
        layout["autosize"] = true;
        return figure.ToJsonString();
    }

    /// <summary>The script element that defines <c>window.Plotly</c>. AMD loaders (classic Jupyter's RequireJS) are
    /// hidden while it runs so that the bundle always sets the global.</summary>
    public static string LibraryScript() =>
        $"<script type=\"text/javascript\" {LibraryMarker}=\"{PlotlyJsVersion}\">\n" +
        "var __reclabDefine = window.define; window.define = undefined;\n" +
        Library.Value +
        "\nwindow.define = __reclabDefine;\n</script>\n";

    /// <summary>Removes every embedded plotly.js script from <paramref name="html"/>; returns the cleaned HTML and
    /// whether one was found (so that a report can put one copy in its head).</summary>
    public static (string Html, bool HadLibrary) ExtractLibrary(string html)
    {
        var cleaned = LibraryPattern().Replace(html, "");
        return (cleaned, cleaned.Length != html.Length);
    }

    /// <summary>Whether <paramref name="html"/> draws a Plotly chart.</summary>
    public static bool HasChart(string html) => html.Contains("class=\"reclab-plot\"", StringComparison.Ordinal);

    [GeneratedRegex("<script type=\"text/javascript\" data-reclab-plotly=\"[^\"]*\">.*?</script>\n?", RegexOptions.Singleline)]
    private static partial Regex LibraryPattern();

    private static string LoadLibrary()
    {
        var asm = typeof(GenericChart).Assembly;
        var name = asm.GetManifestResourceNames().Single(n => n.EndsWith(".min.js", StringComparison.Ordinal));
        using var stream = asm.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
    }
}
