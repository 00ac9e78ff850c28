using System.Net;
using System.Text;

namespace RecLab.Notebooks;

/// <summary>
/// The top of the study report: whether every notebook ran, the seed and environment, and the blocks each notebook
/// put forward with <see cref="NotebookResults.Summarize"/> (A/B tables, offline metrics, bandit scores), in series order.
/// </summary>
public static class StudySummary
{
    /// <summary>The summary's HTML for <paramref name="runs"/> with the run's <paramref name="facts"/> (seed, machine, ...).</summary>
    public static string Render(IReadOnlyList<NotebookRun> runs, IReadOnlyList<KeyValuePair<string, string>> facts)
    {
        var html = new StringBuilder("<h2>Summary</h2>");
        var failed = runs.FirstOrDefault(r => !r.Succeeded);
        html.Append(failed is null
            ? $"<p class=\"reclab-ok\">All {runs.Count} notebooks ran, in {runs.Sum(r => r.Duration.TotalMinutes):F1} minutes.</p>"
            : $"<p class=\"reclab-fail\">{Encode(Path.GetFileName(failed.SourcePath))} failed: {Encode(failed.FailureSummary)}</p>");
        html.Append("<table class=\"reclab-table\"><tbody>");
        foreach (var (key, value) in facts) html.Append("<tr><th>").Append(Encode(key)).Append("</th><td>").Append(Encode(value)).Append("</td></tr>");
        html.Append("</tbody></table>");
        for (var i = 0; i < runs.Count; i++)
            foreach (var (title, block) in NotebookResults.ReadSummary(runs[i].Executed))
                html.Append($"<h3>{Encode(title)} <small style=\"font-weight:normal;color:#57606a\">(<a href=\"#nb-{i + 1}\">{Encode(Path.GetFileNameWithoutExtension(runs[i].SourcePath))}</a>)</small></h3>")
                    .Append(block);
        return html.ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
