using RecLab.Charts;
using RecLab.Notebooks;

namespace RecLab.Tests.Notebooks;

[Collection(TestSupport.NotebookEngineCollection.Name)]
public sealed class HtmlReportTests
{
    private static NotebookRun Run(string title, string chartHtml, NotebookFailure? failure = null)
    {
        var code = new NotebookCell("code", "chart") { ExecutionCount = 1 };
        code.Outputs.Add(new DisplayDataOutput(new Dictionary<string, string> { ["text/html"] = chartHtml }));
        code.Outputs.Add(new StreamOutput("stdout", "<not html>"));
        var doc = new NotebookDocument([new NotebookCell("markdown", $"# {title}\nSome **bold** text."), code]);
        return new NotebookRun($"{title}.ipynb", doc, new Dictionary<string, string> { ["n"] = "1" }, TimeSpan.FromSeconds(2), failure);
    }

    [Fact]
    public void Joins_notebooks_with_one_copy_of_plotly_js_in_the_head()
    {
        PlotlyHtml.BeginDocument();
        var a = Run("First", PlotlyHtml.Fragment(LineCharts.Series("a", "x", "y", "s", [1.0, 2.0])));
        PlotlyHtml.BeginDocument();
        var b = Run("Second", PlotlyHtml.Fragment(LineCharts.Series("b", "x", "y", "s", [3.0])));

        var page = HtmlReport.Render("Study", [a, b], [new("seed", "42")]);

        Assert.Equal(1, CountOf(page, PlotlyHtml.LibraryMarker));
        Assert.True(page.IndexOf(PlotlyHtml.LibraryMarker, StringComparison.Ordinal) < page.IndexOf("<body>", StringComparison.Ordinal));
        Assert.Equal(2, CountOf(page[page.IndexOf("<body>", StringComparison.Ordinal)..], "Plotly.newPlot("));
        Assert.Contains("<strong>bold</strong>", page);
        Assert.Contains("&lt;not html&gt;", page);
        Assert.Contains("href=\"#nb-2\"", page);
        Assert.Contains("seed: <b>42</b>", page);
    }

    [Fact]
    public void A_failed_notebook_shows_where_it_stopped_and_a_page_without_charts_has_no_plotly()
    {
        var failed = Run("Broken", "<p>ok</p>", new NotebookFailure(2, "CS0103: boom"));

        var page = HtmlReport.Render("Study", [failed], []);

        Assert.Contains("failed at cell 2", page);
        Assert.Contains("Broken.ipynb: cell 2 failed: CS0103: boom", page);
        Assert.DoesNotContain(PlotlyHtml.LibraryMarker, page);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
