using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RecLab.IO;

namespace RecLab.Notebooks;

/// <summary>A Jupyter notebook (nbformat 4) as RecLab reads, runs and writes it.</summary>
public sealed class NotebookDocument
{
    /// <summary>Creates a notebook with the given cells and metadata (the .NET Interactive C# metadata when null).</summary>
    public NotebookDocument(IEnumerable<NotebookCell> cells, JsonObject? metadata = null, int minor = 5)
    {
        Cells = cells.ToList();
        Metadata = metadata ?? NotebookMetadata.CSharpDefaults();
        FormatMinor = minor;
    }

    /// <summary>The cells in order.</summary>
    public List<NotebookCell> Cells { get; }

    /// <summary>Notebook-level metadata (kernelspec, language_info, polyglot_notebook, ...).</summary>
    public JsonObject Metadata { get; }

    /// <summary>nbformat minor version.</summary>
    public int FormatMinor { get; }

    /// <summary>The notebook's title: the first Markdown heading, or null.</summary>
    public string? Title =>
        Cells.Where(c => c.CellType == "markdown")
            .SelectMany(c => c.Source.Split('\n'))
            .Select(l => l.Trim())
            .FirstOrDefault(l => l.StartsWith('#'))?.TrimStart('#').Trim();

    /// <summary>Reads a notebook file.</summary>
    /// <exception cref="InvalidDataException">The file is not nbformat 4 JSON; the message names the file.</exception>
    public static NotebookDocument Load(string path)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON ({e.Message}).", e); }
        if (root is not JsonObject obj || (int?)obj["nbformat"] != 4 || obj["cells"] is not JsonArray cells)
            throw new InvalidDataException($"{path}: not an nbformat 4 notebook (expected an object with nbformat 4 and a cells array).");
        var parsed = new List<NotebookCell>();
        for (var i = 0; i < cells.Count; i++)
        {
            if (cells[i] is not JsonObject cell)
                throw new InvalidDataException($"{path}: cell {i + 1} is not a JSON object.");
            try { parsed.Add(NotebookCell.FromJson(cell)); }
            catch (Exception e) when (e is InvalidOperationException or InvalidDataException or FormatException)
            {
                throw new InvalidDataException($"{path}: cell {i + 1}: {e.Message}", e);
            }
        }
        return new NotebookDocument(parsed, obj["metadata"]?.DeepClone() as JsonObject ?? new JsonObject(),
            obj["nbformat_minor"] is JsonValue minor && minor.TryGetValue<int>(out var m) ? m : 5);
    }

    /// <summary>The nbformat JSON text (one-space indentation, as Jupyter writes it).</summary>
    public string ToJsonText()
    {
        var root = new JsonObject
        {
            ["cells"] = new JsonArray(Cells.Select(c => (JsonNode?)c.ToJson()).ToArray()),
            ["metadata"] = Metadata.DeepClone(),
            ["nbformat"] = 4,
            ["nbformat_minor"] = FormatMinor,
        };
        var json = root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 1, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return json + "\n";
    }

    /// <summary>Writes the notebook atomically: to a temporary file first, then renamed over <paramref name="path"/>.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToJsonText());
}
