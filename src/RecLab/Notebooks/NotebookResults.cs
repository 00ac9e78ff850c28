using System.Text.Json;
using System.Text.Json.Nodes;

namespace RecLab.Notebooks;

/// <summary>
/// The headline numbers a notebook records in its last cell (as microsoft/recommenders does with scrapbook): the
/// headless engine stores them in the executed notebook's metadata (<c>metadata.reclab.results</c>), where tests assert
/// them with tolerances and the study report collects them.
/// </summary>
public static class NotebookResults
{
    private static readonly Lock Gate = new();
    private static JsonObject _current = new();

    /// <summary>Records <paramref name="value"/> (a number, string, bool, or a record serialisable as JSON) under
    /// <paramref name="name"/>, replacing an earlier value of that name, and returns it for display.</summary>
    public static object Record(string name, object value)
    {
        var node = JsonSerializer.SerializeToNode(value, value.GetType());
        lock (Gate) _current[name] = node;
        return value;
    }

    /// <summary>The results recorded since the last <see cref="Reset"/>.</summary>
    public static JsonObject Snapshot()
    {
        lock (Gate) return (JsonObject)_current.DeepClone();
    }

    /// <summary>The recorded results as a two-column table, for the notebook's last cell.</summary>
    public static IHtmlRenderable Show() => new ResultsTable(Snapshot());

    /// <summary>Forgets recorded results (the engine calls it when a notebook starts).</summary>
    public static void Reset()
    {
        lock (Gate) _current = new JsonObject();
    }

    /// <summary>The results stored in an executed notebook's metadata, or an empty object.</summary>
    public static JsonObject Read(NotebookDocument executed) =>
        executed.Metadata["reclab"]?["results"]?.DeepClone() as JsonObject ?? new JsonObject();

    /// <summary>Stores <paramref name="results"/> in <paramref name="executed"/>'s metadata.</summary>
    public static void Write(NotebookDocument executed, JsonObject results)
    {
        if (executed.Metadata["reclab"] is not JsonObject reclab) executed.Metadata["reclab"] = reclab = new JsonObject();
        reclab["results"] = results;
    }

    private sealed record ResultsTable(JsonObject Results) : IHtmlRenderable
    {
        public string ToHtml() =>
            "<table class=\"reclab-table\"><thead><tr><th>result</th><th>value</th></tr></thead><tbody>" +
            string.Concat(Results.Select(r => $"<tr><td>{System.Net.WebUtility.HtmlEncode(r.Key)}</td><td>{System.Net.WebUtility.HtmlEncode(r.Value?.ToJsonString() ?? "null")}</td></tr>")) +
            "</tbody></table>";

        public override string ToString() => Results.ToJsonString();
    }
}
