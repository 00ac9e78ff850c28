using System.Text.Json;
using System.Text.Json.Nodes;

namespace RecLab.Notebooks;

/// <summary>
/// The headline numbers a notebook records in its last cell (as microsoft/recommenders does with scrapbook): the
/// headless engine stores them in the executed notebook's metadata (<c>metadata.reclab.results</c>), where tests assert
/// them with tolerances and the study report collects them. Speeds and latencies go apart
/// (<see cref="RecordTiming"/>, <c>metadata.reclab.timings</c>): they depend on the machine, while every result must be
/// the same for the same seed.
/// </summary>
public static class NotebookResults
{
    private static readonly Lock Gate = new();
    private static JsonObject _current = new();
    private static JsonObject _timings = new();
    private static JsonArray _summary = [];

    /// <summary>Records <paramref name="value"/> (a number, string, bool, or a record serialisable as JSON) under
    /// <paramref name="name"/>, replacing an earlier value of that name, and returns it for display.</summary>
    public static object Record(string name, object value)
    {
        var node = JsonSerializer.SerializeToNode(value, value.GetType());
        lock (Gate) _current[name] = node;
        return value;
    }

    /// <summary>Records a machine-dependent figure (a speed or a latency) under <paramref name="name"/>: shown with the
    /// results, stored apart from them.</summary>
    public static double RecordTiming(string name, double value)
    {
        lock (Gate) _timings[name] = value;
        return value;
    }

    /// <summary>Adds a block to the study report's summary (<c>metadata.reclab.summary</c>): a titled table (a DataFrame or
    /// anything with HTML), the few things a reader of the report should see first; <paramref name="note"/> is printed
    /// under it (e.g. the evaluation protocol).</summary>
    public static void Summarize(string title, object value, string? note = null)
    {
        var html = value switch
        {
            Microsoft.Data.Analysis.DataFrame frame => DataFrameHtml.Table(frame, maxRows: 50),
            IHtmlRenderable renderable => renderable.ToHtml(),
            _ => $"<p>{System.Net.WebUtility.HtmlEncode(value.ToString())}</p>",
        };
        if (note is not null) html += $"<div style=\"font:12px system-ui,sans-serif;color:#57606a\">{System.Net.WebUtility.HtmlEncode(note)}</div>";
        lock (Gate) _summary.Add(new JsonObject { ["title"] = title, ["html"] = html });
    }

    /// <summary>The summary blocks stored in an executed notebook's metadata, as (title, HTML).</summary>
    public static IReadOnlyList<(string Title, string Html)> ReadSummary(NotebookDocument executed) =>
        (executed.Metadata["reclab"]?["summary"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(b => ((string?)b["title"] ?? "", (string?)b["html"] ?? "")).ToList();

    /// <summary>The summary blocks added since the last <see cref="Reset"/>.</summary>
    public static JsonArray SnapshotSummary()
    {
        lock (Gate) return (JsonArray)_summary.DeepClone();
    }

    /// <summary>The results recorded since the last <see cref="Reset"/>.</summary>
    public static JsonObject Snapshot()
    {
        lock (Gate) return (JsonObject)_current.DeepClone();
    }

    /// <summary>The timings recorded since the last <see cref="Reset"/>.</summary>
    public static JsonObject SnapshotTimings()
    {
        lock (Gate) return (JsonObject)_timings.DeepClone();
    }

    /// <summary>The recorded results and timings as a two-column table, for the notebook's last cell.</summary>
    public static IHtmlRenderable Show() => new ResultsTable(Snapshot(), SnapshotTimings());

    /// <summary>Forgets recorded results and timings (the engine calls it when a notebook starts).</summary>
    public static void Reset()
    {
        lock (Gate)
        {
            _current = new JsonObject();
            _timings = new JsonObject();
            _summary = [];
        }
    }

    /// <summary>The results stored in an executed notebook's metadata, or an empty object.</summary>
    public static JsonObject Read(NotebookDocument executed) =>
        executed.Metadata["reclab"]?["results"]?.DeepClone() as JsonObject ?? new JsonObject();

    /// <summary>The timings stored in an executed notebook's metadata, or an empty object.</summary>
    public static JsonObject ReadTimings(NotebookDocument executed) =>
        executed.Metadata["reclab"]?["timings"]?.DeepClone() as JsonObject ?? new JsonObject();

    /// <summary>Stores <paramref name="results"/>, <paramref name="timings"/> and <paramref name="summary"/> blocks in
    /// <paramref name="executed"/>'s metadata.</summary>
    public static void Write(NotebookDocument executed, JsonObject results, JsonObject? timings = null, JsonArray? summary = null)
    {
        if (executed.Metadata["reclab"] is not JsonObject reclab) executed.Metadata["reclab"] = reclab = new JsonObject();
        reclab["results"] = results;
        if (timings is { Count: > 0 }) reclab["timings"] = timings;
        if (summary is { Count: > 0 }) reclab["summary"] = summary;
    }

    private sealed record ResultsTable(JsonObject Results, JsonObject Timings) : IHtmlRenderable
    {
        public string ToHtml() =>
            "<table class=\"reclab-table\"><thead><tr><th>result</th><th>value</th></tr></thead><tbody>" +
            string.Concat(Results.Select(r => Row(r.Key, r.Value))) +
            string.Concat(Timings.Select(r => Row(r.Key + " (timing, this machine)", r.Value))) +
            "</tbody></table>";

        private static string Row(string key, JsonNode? value) =>
            $"<tr><td>{System.Net.WebUtility.HtmlEncode(key)}</td><td>{System.Net.WebUtility.HtmlEncode(value?.ToJsonString() ?? "null")}</td></tr>";

        public override string ToString() => Results.ToJsonString();
    }
}
