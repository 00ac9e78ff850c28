using System.Text.Json.Nodes;

namespace RecLab.Notebooks;

/// <summary>One output of an executed code cell, in the shapes Jupyter's nbformat 4 defines.</summary>
public abstract record CellOutput
{
    /// <summary>The nbformat <c>output_type</c>: <c>stream</c>, <c>display_data</c>, <c>execute_result</c> or <c>error</c>.</summary>
    public abstract string OutputType { get; }

    /// <summary>The nbformat JSON of this output.</summary>
    public abstract JsonObject ToJson();

    /// <summary>Reads an nbformat output object; unknown output types are kept as opaque display data.</summary>
    public static CellOutput FromJson(JsonObject json) => (string?)json["output_type"] switch
    {
        "stream" => new StreamOutput((string?)json["name"] ?? "stdout", NotebookJson.ReadText(json["text"])),
        "execute_result" => new ExecuteResultOutput((int?)json["execution_count"] ?? 0, NotebookJson.ReadMimeBundle(json["data"])),
        "error" => new ErrorOutput((string?)json["ename"] ?? "", (string?)json["evalue"] ?? "",
            json["traceback"] is JsonArray tb ? tb.Select(t => (string?)t ?? "").ToList() : []),
        _ => new DisplayDataOutput(NotebookJson.ReadMimeBundle(json["data"])),
    };
}

/// <summary>Text written to standard output or standard error while a cell ran.</summary>
/// <param name="Name"><c>stdout</c> or <c>stderr</c>.</param>
/// <param name="Text">The text, newlines included.</param>
public sealed record StreamOutput(string Name, string Text) : CellOutput
{
    /// <inheritdoc />
    public override string OutputType => "stream";

    /// <inheritdoc />
    public override JsonObject ToJson() => new()
    {
        ["output_type"] = OutputType,
        ["name"] = Name,
        ["text"] = NotebookJson.WriteText(Text),
    };
}

/// <summary>A value shown with <c>display(...)</c>: one representation per MIME type.</summary>
/// <param name="Data">MIME type to content, e.g. <c>text/html</c> and <c>text/plain</c>.</param>
public sealed record DisplayDataOutput(IReadOnlyDictionary<string, string> Data) : CellOutput
{
    /// <inheritdoc />
    public override string OutputType => "display_data";

    /// <inheritdoc />
    public override JsonObject ToJson() => new()
    {
        ["output_type"] = OutputType,
        ["data"] = NotebookJson.WriteMimeBundle(Data),
        ["metadata"] = new JsonObject(),
    };
}

/// <summary>The value of a cell's trailing expression.</summary>
/// <param name="ExecutionCount">The execution count of the cell that produced it.</param>
/// <param name="Data">MIME type to content.</param>
public sealed record ExecuteResultOutput(int ExecutionCount, IReadOnlyDictionary<string, string> Data) : CellOutput
{
    /// <inheritdoc />
    public override string OutputType => "execute_result";

    /// <inheritdoc />
    public override JsonObject ToJson() => new()
    {
        ["output_type"] = OutputType,
        ["execution_count"] = ExecutionCount,
        ["data"] = NotebookJson.WriteMimeBundle(Data),
        ["metadata"] = new JsonObject(),
    };
}

/// <summary>The error that stopped a cell.</summary>
/// <param name="Name">Exception type or diagnostic id, e.g. <c>CS0103</c>.</param>
/// <param name="Value">The message.</param>
/// <param name="Traceback">Lines of detail (diagnostics or stack trace).</param>
public sealed record ErrorOutput(string Name, string Value, IReadOnlyList<string> Traceback) : CellOutput
{
    /// <inheritdoc />
    public override string OutputType => "error";

    /// <inheritdoc />
    public override JsonObject ToJson() => new()
    {
        ["output_type"] = OutputType,
        ["ename"] = Name,
        ["evalue"] = Value,
        ["traceback"] = new JsonArray(Traceback.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
    };
}
