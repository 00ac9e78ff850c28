using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;
using RecLab.Charts;
using RecLab.Notebooks;

namespace RecLab.Tests.Notebooks;

[Collection(TestSupport.NotebookEngineCollection.Name)]
public sealed class NotebookFormattersTests
{
    public NotebookFormattersTests() => NotebookFormatters.Register();

    [Fact]
    public void A_DataFrame_renders_as_an_HTML_table_with_its_shape()
    {
        var frame = new DataFrame(new Int32DataFrameColumn("user", [1, 2, 3]), new DoubleDataFrameColumn("time", [0.5, 0.25, 1.0 / 3]));

        var html = frame.ToDisplayString(HtmlFormatter.MimeType);

        Assert.Contains("<th title=\"Int32\">user</th>", html);
        Assert.Contains("<td class=\"num\">0.333333</td>", html);
        Assert.Contains("3 rows × 2 columns", html);
    }

    [Fact]
    public void Long_frames_are_cut_with_a_note()
    {
        var frame = new DataFrame(new Int32DataFrameColumn("i", Enumerable.Range(0, 100)));

        var html = DataFrameHtml.Table(frame, maxRows: 10);

        Assert.Equal(10, html.Split("<tr>").Length - 2);
        Assert.Contains("100 rows × 1 columns (first 10 shown)", html);
    }

    [Fact]
    public void Charts_and_RecLab_results_use_RecLabs_HTML()
    {
        PlotlyHtml.BeginDocument();
        var chart = LineCharts.Series("t", "x", "y", "s", [1.0, 2.0]);

        Assert.Contains("class=\"reclab-plot\"", chart.ToDisplayString(HtmlFormatter.MimeType));
        Assert.Equal("Plotly chart (1 traces)", chart.ToDisplayString(PlainTextFormatter.MimeType));
        var result = RecLab.Platform.EnvironmentReport.Collect(redis: "127.0.0.1:1");
        Assert.StartsWith("<table class=\"reclab-table\">", result.ToDisplayString(HtmlFormatter.MimeType));
    }
}
