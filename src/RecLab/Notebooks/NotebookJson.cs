using System.Text.Json.Nodes;

namespace RecLab.Notebooks;

/// <summary>Helpers for nbformat's JSON conventions: multi-line strings stored as arrays of lines.</summary>
internal static class NotebookJson
{
    /// <summary>Reads a string that nbformat may store as one string or as an array of lines.</summary>
    public static string ReadText(JsonNode? node) => node switch
    {
        null => "",
        JsonArray lines => string.Concat(lines.Select(l => (string?)l ?? "")),
        _ => (string?)node ?? "",
    };

    /// <summary>Writes text as nbformat's array of lines, each but the last keeping its newline.</summary>
    public static JsonArray WriteText(string text)
    {
        var lines = new JsonArray();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end + 1;
            lines.Add(text[start..end]);
            start = end;
        }
        return lines;
    }

    /// <summary>Reads a MIME bundle (<c>data</c>) into MIME type to text; JSON-valued entries keep their JSON text.</summary>
    public static IReadOnlyDictionary<string, string> ReadMimeBundle(JsonNode? node)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject obj)
            foreach (var (mime, value) in obj)
                data[mime] = value is JsonObject ? value.ToJsonString() : ReadText(value);
        return data;
    }

    /// <summary>Writes a MIME bundle, text types as arrays of lines.</summary>
    public static JsonObject WriteMimeBundle(IReadOnlyDictionary<string, string> data)
    {
        var obj = new JsonObject();
        foreach (var (mime, text) in data) obj[mime] = WriteText(text);
        return obj;
    }
}
