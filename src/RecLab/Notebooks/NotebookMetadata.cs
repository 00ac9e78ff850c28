using System.Text.Json.Nodes;

namespace RecLab.Notebooks;

/// <summary>
/// The metadata that makes VS Code (Polyglot Notebooks) and Jupyter open a notebook with the .NET Interactive C#
/// kernel, and the check that a committed notebook carries it.
/// </summary>
public static class NotebookMetadata
{
    /// <summary>The Jupyter kernelspec name of the .NET Interactive C# kernel.</summary>
    public const string KernelName = ".net-csharp";

    /// <summary>Notebook metadata for a C# notebook: kernelspec <c>.net-csharp</c>, language_info C#, and the
    /// <c>polyglot_notebook</c> block with <c>csharp</c> as the default kernel.</summary>
    public static JsonObject CSharpDefaults() => new()
    {
        ["kernelspec"] = new JsonObject
        {
            ["display_name"] = ".NET (C#)",
            ["language"] = "C#",
            ["name"] = KernelName,
        },
        ["language_info"] = new JsonObject
        {
            ["file_extension"] = ".cs",
            ["mimetype"] = "text/x-csharp",
            ["name"] = "C#",
            ["pygments_lexer"] = "csharp",
            ["version"] = "13.0",
        },
        ["polyglot_notebook"] = new JsonObject
        {
            ["kernelInfo"] = new JsonObject
            {
                ["defaultKernelName"] = "csharp",
                ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = "csharp" }),
            },
        },
    };

    /// <summary>Cell metadata that tells Polyglot Notebooks a code cell is C#.</summary>
    public static JsonObject CSharpCell(params string[] tags)
    {
        var meta = new JsonObject
        {
            ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" },
            ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
        };
        if (tags.Length > 0) meta["tags"] = new JsonArray(tags.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
        return meta;
    }

    /// <summary>
    /// Problems that keep <paramref name="notebook"/> from being a clean, committed .NET Interactive C# notebook:
    /// wrong or missing kernelspec, language_info or polyglot_notebook block, code cells for another kernel,
    /// stored outputs over <paramref name="maxOutputBytes"/> in total, or no cell tagged <c>parameters</c> when
    /// <paramref name="requireParameters"/>. Empty when it is fine.
    /// </summary>
    public static IReadOnlyList<string> Validate(NotebookDocument notebook, bool requireParameters = true, int maxOutputBytes = 20_000)
    {
        var problems = new List<string>();
        var meta = notebook.Metadata;
        if ((string?)meta["kernelspec"]?["name"] != KernelName)
            problems.Add($"metadata.kernelspec.name is '{(string?)meta["kernelspec"]?["name"]}', expected '{KernelName}'");
        if ((string?)meta["kernelspec"]?["language"] != "C#")
            problems.Add("metadata.kernelspec.language must be 'C#'");
        if ((string?)meta["language_info"]?["name"] != "C#")
            problems.Add("metadata.language_info.name must be 'C#'");
        if ((string?)meta["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"] != "csharp")
            problems.Add("metadata.polyglot_notebook.kernelInfo.defaultKernelName must be 'csharp'");
        for (var i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            if (cell.IsCode && cell.KernelName is { } kernel && kernel != "csharp")
                problems.Add($"cell {i + 1} is for kernel '{kernel}', expected 'csharp'");
        }
        var outputBytes = notebook.Cells.SelectMany(c => c.Outputs).Sum(o => o.ToJson().ToJsonString().Length);
        if (outputBytes > maxOutputBytes)
            problems.Add($"stored outputs take {outputBytes:N0} bytes (limit {maxOutputBytes:N0}); clear outputs before committing");
        if (requireParameters && !notebook.Cells.Any(c => c.IsCode && c.Tags.Contains("parameters")))
            problems.Add("no code cell is tagged 'parameters'");
        return problems;
    }
}
