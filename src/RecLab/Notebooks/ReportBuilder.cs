using Microsoft.DotNet.Interactive.Formatting;
using RecLab.IO;

namespace RecLab.Notebooks;

/// <summary>
/// Builds a self-contained HTML report outside notebooks (e.g. <c>reclab ab --report</c>): Markdown and values,
/// formatted by the same formatters notebooks use, rendered by <see cref="HtmlReport"/>.
/// </summary>
public sealed class ReportBuilder
{
    private readonly List<NotebookCell> _cells = [];

    /// <summary>Starts a report titled <paramref name="title"/>.</summary>
    public ReportBuilder(string title)
    {
        Title = title;
        NotebookFormatters.Register();
        PlotlyHtml.BeginDocument();
        _cells.Add(new NotebookCell("markdown", "# " + title));
    }

    /// <summary>The report's title.</summary>
    public string Title { get; }

    /// <summary>Adds Markdown text.</summary>
    public ReportBuilder Markdown(string text)
    {
        _cells.Add(new NotebookCell("markdown", text));
        return this;
    }

    /// <summary>Adds a value, shown as notebooks show it (HTML through the formatter registry).</summary>
    public ReportBuilder Show(object value)
    {
        var cell = new NotebookCell("code", "");
        cell.Outputs.Add(new DisplayDataOutput(new Dictionary<string, string> { ["text/html"] = value.ToDisplayString(HtmlFormatter.MimeType) }));
        _cells.Add(cell);
        return this;
    }

    /// <summary>The page.</summary>
    public string Render(IReadOnlyList<KeyValuePair<string, string>> facts) =>
        HtmlReport.Render(Title, [new NotebookRun(Title, new NotebookDocument(_cells), new Dictionary<string, string>(), TimeSpan.Zero, null)], facts);

    /// <summary>Writes the page to <paramref name="path"/>, atomically.</summary>
    public void Save(string path, IReadOnlyList<KeyValuePair<string, string>> facts) => AtomicFile.WriteAllText(path, Render(facts));
}
