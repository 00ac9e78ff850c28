using System.Text.Json.Nodes;

namespace RecLab.Notebooks;

/// <summary>Helpers for nbformat's JSON conventions: multi-line strings stored as arrays of lines.</summary>
internal static class NotebookJson
{
    /// <summary>Reads a string that nbformat may store as one string or as an array of lines.</summary>
    /// <exception cref="InvalidDataException">Anything else (a number, an object, an array holding one); the message
    /// names <paramref name="field"/>.</exception>
    public static string ReadText(JsonNode? node, string field = "text") => node switch
    {
        null => "",
        JsonArray lines => string.Concat(lines.Select((l, i) => l is null ? "" : AsString(l, $"{field}[{i}]"))),
        _ => AsString(node, field),
    };

    private static string AsString(JsonNode node, string field) =>
        node is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw new InvalidDataException($"'{field}' must be a string or an array of strings, not {node.GetValueKind().ToString().ToLowerInvariant()} {Shorten(node.ToJsonString())}.");

    /// <summary>Whether <paramref name="node"/> is text in nbformat's sense: a string or an array of strings.</summary>
    private static bool IsText(JsonNode? node) => node switch
    {
        null => true,
        JsonArray lines => lines.All(l => l is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String),
        JsonValue v => v.GetValueKind() == System.Text.Json.JsonValueKind.String,
        _ => false,
    };

    private static string Shorten(string json) => json.Length <= 40 ? json : json[..40] + "…";

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
                data[mime] = IsText(value) ? ReadText(value) : value!.ToJsonString();
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
