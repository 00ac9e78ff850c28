using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Data.Analysis;

namespace RecLab.Notebooks;

/// <summary>Renders a <see cref="DataFrame"/> as an HTML table: the first rows, the shape, and column types.</summary>
/// <remarks>Hand-written because Microsoft.Data.Analysis.Interactive (which would register one) is not available
/// on the package source this kit builds from.</remarks>
public static class DataFrameHtml
{
    /// <summary>Rows shown before the table is cut (the rest is summarised in the caption).</summary>
    public const int DefaultMaxRows = 25;

    /// <summary>The HTML table for <paramref name="frame"/>, at most <paramref name="maxRows"/> rows.</summary>
    public static string Table(DataFrame frame, int maxRows = DefaultMaxRows)
    {
        var html = new StringBuilder("<table class=\"reclab-table\">\n<thead><tr>");
        foreach (var column in frame.Columns)
            html.Append("<th title=\"").Append(Encode(column.DataType.Name)).Append("\">").Append(Encode(column.Name)).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        var shown = Math.Min(frame.Rows.Count, maxRows);
        for (long r = 0; r < shown; r++)
        {
            html.Append("<tr>");
            foreach (var column in frame.Columns)
            {
                var value = column[r];
                var numeric = value is double or float or int or long or decimal or short or byte or uint or ulong;
                html.Append(numeric ? "<td class=\"num\">" : "<td>").Append(Encode(FormatCell(value))).Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n<caption style=\"caption-side:bottom\">")
            .Append(frame.Rows.Count.ToString("N0", CultureInfo.InvariantCulture)).Append(" rows × ")
            .Append(frame.Columns.Count).Append(" columns");
        if (frame.Rows.Count > shown) html.Append(" (first ").Append(shown).Append(" shown)");
        return html.Append("</caption>\n</table>\n").ToString();
    }

    /// <summary>How one cell value is written: invariant culture, six significant digits for floating point.</summary>
    public static string FormatCell(object? value) => value switch
    {
        null => "",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
