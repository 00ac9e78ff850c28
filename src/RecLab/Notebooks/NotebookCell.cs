using System.Text.Json.Nodes;

namespace RecLab.Notebooks;

/// <summary>One cell of a Jupyter notebook.</summary>
public sealed class NotebookCell
{
    /// <summary>Creates a cell.</summary>
    /// <param name="cellType"><c>code</c>, <c>markdown</c> or <c>raw</c>.</param>
    /// <param name="source">The cell's text.</param>
    /// <param name="metadata">Cell metadata (tags, kernel name); an empty object when null.</param>
    /// <param name="id">nbformat 4.5 cell id; a fresh one when null.</param>
    public NotebookCell(string cellType, string source, JsonObject? metadata = null, string? id = null)
    {
        CellType = cellType;
        Source = source;
        Metadata = metadata ?? new JsonObject();
        Id = id ?? Guid.NewGuid().ToString("N")[..12];
    }

    /// <summary><c>code</c>, <c>markdown</c> or <c>raw</c>.</summary>
    public string CellType { get; }

    /// <summary>The cell's text.</summary>
    public string Source { get; set; }

    /// <summary>Cell metadata as stored (tags, <c>polyglot_notebook.kernelName</c>, ...).</summary>
    public JsonObject Metadata { get; }

    /// <summary>nbformat 4.5 cell id.</summary>
    public string Id { get; }

    /// <summary>Outputs of the last execution (code cells only).</summary>
    public List<CellOutput> Outputs { get; } = [];

    /// <summary>Execution count of the last execution, or null when not executed.</summary>
    public int? ExecutionCount { get; set; }

    /// <summary>Whether this is a code cell.</summary>
    public bool IsCode => CellType == "code";

    /// <summary>The cell's tags (<c>metadata.tags</c>), e.g. <c>parameters</c>.</summary>
    public IReadOnlyList<string> Tags =>
        Metadata["tags"] is JsonArray tags ? tags.Select(t => (string?)t ?? "").ToList() : [];

    /// <summary>The .NET Interactive kernel this cell is meant for (<c>csharp</c>, <c>fsharp</c>, ...), or null when
    /// the cell does not say (then the notebook's default applies).</summary>
    public string? KernelName =>
        (string?)Metadata["polyglot_notebook"]?["kernelName"] ?? (string?)Metadata["dotnet_interactive"]?["language"];

    /// <summary>Adds a tag unless present.</summary>
    public void AddTag(string tag)
    {
        if (Tags.Contains(tag)) return;
        if (Metadata["tags"] is not JsonArray tags) Metadata["tags"] = tags = new JsonArray();
        tags.Add(tag);
    }

    /// <summary>Reads an nbformat cell object.</summary>
    public static NotebookCell FromJson(JsonObject json)
    {
        var cell = new NotebookCell(
            (string?)json["cell_type"] ?? "code",
            NotebookJson.ReadText(json["source"], "source"),
            json["metadata"]?.DeepClone() as JsonObject,
            (string?)json["id"]);
        cell.ExecutionCount = (int?)json["execution_count"];
        if (json["outputs"] is JsonArray outputs)
            cell.Outputs.AddRange(outputs.OfType<JsonObject>().Select(CellOutput.FromJson));
        return cell;
    }

    /// <summary>The nbformat JSON of this cell.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["cell_type"] = CellType,
            ["id"] = Id,
            ["metadata"] = Metadata.DeepClone(),
            ["source"] = NotebookJson.WriteText(Source),
        };
        if (IsCode)
        {
            json["execution_count"] = ExecutionCount;
            json["outputs"] = new JsonArray(Outputs.Select(o => (JsonNode?)o.ToJson()).ToArray());
        }
        return json;
    }
}
