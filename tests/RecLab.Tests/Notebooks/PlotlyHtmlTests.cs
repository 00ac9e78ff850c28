using RecLab.Charts;
using RecLab.Notebooks;

namespace RecLab.Tests.Notebooks;

[Collection(TestSupport.NotebookEngineCollection.Name)]
public sealed class PlotlyHtmlTests
{
    [Fact]
    public void Plotly_js_is_embedded_before_the_first_chart_of_a_document_only()
    {
        var chart = LineCharts.Series("t", "x", "y", "s", [1.0, 2.0, 3.0]);
        PlotlyHtml.BeginDocument();

        var first = PlotlyHtml.Fragment(chart);
        var second = PlotlyHtml.Fragment(chart);
        PlotlyHtml.BeginDocument();
        var third = PlotlyHtml.Fragment(chart);

        Assert.Contains(PlotlyHtml.LibraryMarker, first);
        Assert.True(first.Length > 3_000_000, "the full plotly.js bundle is inline");
        Assert.DoesNotContain(PlotlyHtml.LibraryMarker, second);
        Assert.Contains("Plotly.newPlot(", second);
        Assert.Contains(PlotlyHtml.LibraryMarker, third);
        Assert.DoesNotContain("<script src=", first);
    }

    [Fact]
    public void The_library_can_be_taken_out_of_a_fragment_to_be_hoisted_into_a_page_head()
    {
        PlotlyHtml.BeginDocument();
        var fragment = PlotlyHtml.Fragment(LineCharts.Series("t", "x", "y", "s", [1.0]));

        var (html, had) = PlotlyHtml.ExtractLibrary(fragment);

        Assert.True(had);
        Assert.DoesNotContain(PlotlyHtml.LibraryMarker, html);
        Assert.True(PlotlyHtml.HasChart(html));
        Assert.True(html.Length < 20_000);
    }
}
