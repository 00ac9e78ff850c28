using System.Text.Json;
using RecLab.IO;

namespace RecLab.Recommenders;

/// <summary>
/// Ranked track lists keyed by an id (per user for Indexed, per track for Contextual), stored compactly (one offsets
/// array and one items array) so that a lookup is two array reads. Loaded from the course's JSON-lines files.
/// </summary>
public sealed class RecommendationLists
{
    private readonly int[] _offsets;
    private readonly int[] _items;

    /// <summary>Builds the lists from key → ranked items; keys must be non-negative.</summary>
    public RecommendationLists(IReadOnlyDictionary<int, int[]> lists)
    {
        var maxKey = lists.Count == 0 ? -1 : lists.Keys.Max();
        if (lists.Keys.Any(k => k < 0)) throw new ArgumentException("list keys must be non-negative ids.", nameof(lists));
        _offsets = new int[maxKey + 2];
        var items = new List<int>(lists.Values.Sum(v => v.Length));
        for (var key = 0; key <= maxKey; key++)
        {
            _offsets[key] = items.Count;
            if (lists.TryGetValue(key, out var list)) items.AddRange(list);
        }
        _offsets[maxKey + 1] = items.Count;
        _items = items.ToArray();
        Count = lists.Count(l => l.Value.Length > 0);
    }

    /// <summary>Number of keys with a non-empty list.</summary>
    public int Count { get; }

    /// <summary>The ranked list of <paramref name="key"/>; empty for unknown keys.</summary>
    public ReadOnlySpan<int> For(int key) =>
        (uint)key < (uint)(_offsets.Length - 1) ? _items.AsSpan(_offsets[key], _offsets[key + 1] - _offsets[key]) : [];

    /// <summary>Writes lists in the course's JSON-lines format (<c>{"user": 7, "tracks": [...]}</c> per line), atomically.</summary>
    /// <param name="path">Output file.</param>
    /// <param name="keyField"><c>user</c> or <c>track</c>.</param>
    /// <param name="listField"><c>tracks</c> or <c>recommendations</c>.</param>
    /// <param name="lists">Key and ranked items, in the order to write.</param>
    public static void WriteJsonLines(string path, string keyField, string listField, IEnumerable<(int Key, IReadOnlyList<int> Items)> lists) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            foreach (var (key, items) in lists)
            {
                writer.Write("{\"");
                writer.Write(keyField);
                writer.Write("\": ");
                writer.Write(key.ToString(System.Globalization.CultureInfo.InvariantCulture));
                writer.Write(", \"");
                writer.Write(listField);
                writer.Write("\": [");
                for (var i = 0; i < items.Count; i++)
                {
                    if (i > 0) writer.Write(", ");
                    writer.Write(items[i].ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                writer.Write("]}\n");
            }
        });

    /// <summary>Reads the course's JSON-lines format: one object per line with an integer <paramref name="keyField"/>
    /// (<c>user</c> or <c>track</c>) and an integer array <paramref name="listField"/> (<c>tracks</c> or
    /// <c>recommendations</c>). A key given twice keeps its last list.</summary>
    /// <exception cref="InvalidDataException">A malformed line; the message names the file, line and field.</exception>
    public static RecommendationLists LoadJsonLines(string path, string keyField, string listField)
    {
        var lists = new Dictionary<int, int[]>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException("expected a JSON object");
                if (!root.TryGetProperty(keyField, out var key) || key.ValueKind != JsonValueKind.Number || !key.TryGetInt32(out var id) || id < 0)
                    throw new InvalidDataException($"field '{keyField}' must be a non-negative integer");
                if (!root.TryGetProperty(listField, out var list) || list.ValueKind != JsonValueKind.Array)
                    throw new InvalidDataException($"field '{listField}' must be an array of track ids");
                var items = new int[list.GetArrayLength()];
                var i = 0;
                foreach (var item in list.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out items[i]) || items[i] < 0)
                        throw new InvalidDataException($"field '{listField}' item {i} is {item.GetRawText()}, not a track id");
                    i++;
                }
                lists[id] = items;
            }
            catch (Exception e) when (e is JsonException or InvalidDataException)
            {
                throw new InvalidDataException($"{path}, line {lineNumber}: {e.Message}.", e);
            }
        }
        return new RecommendationLists(lists);
    }
}
