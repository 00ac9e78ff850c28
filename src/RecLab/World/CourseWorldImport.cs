using System.Text.Json;
using RecLab.IO;

namespace RecLab.World;

/// <summary>
/// Imports a world in the course's format: <c>tracks.json</c> (JSON lines <c>track, artist, title</c>, optional
/// <c>genre</c> and <c>pop</c>), <c>tracks.npy</c> (float32 <c>[N, d]</c>), <c>users.json</c> (JSON lines <c>user,
/// interests</c>, optional <c>consume_bias, consume_sharpness, session_budget, artist_discount_gamma,
/// interest_neighbours</c>; defaults 5.0, 1.0, 5, 0.8, 10). A malformed file fails with the file, line and field.
/// </summary>
public static class CourseWorldImport
{
    /// <summary>Reads the three files into a world.</summary>
    /// <exception cref="InvalidDataException">A malformed line or inconsistent files; the message names file, line, field.</exception>
    public static MusicWorld Import(string tracksJson, string tracksNpy, string usersJson)
    {
        var tracks = ReadTracks(tracksJson);
        var (embeddings, rows, columns) = NpyFile.ReadMatrix(tracksNpy);
        if (rows != tracks.Count)
            throw new InvalidDataException($"{tracksNpy}: has {rows} rows but {tracksJson} has {tracks.Count} tracks; row i must be the embedding of track i.");
        var artistIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var genreIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var n = tracks.Count;
        var trackArtist = new int[n];
        var trackGenre = new int[n];
        var popularity = new long[n];
        var titles = new string[n];
        for (var t = 0; t < n; t++)
        {
            var (artist, title, genre, pop) = tracks[t];
            trackArtist[t] = artistIds.TryGetValue(artist, out var a) ? a : artistIds[artist] = artistIds.Count;
            trackGenre[t] = genreIds.TryGetValue(genre, out var g) ? g : genreIds[genre] = genreIds.Count;
            popularity[t] = pop;
            titles[t] = title;
        }
        var users = ReadUsers(usersJson, n);
        return new MusicWorld(columns, embeddings, trackArtist, trackGenre, popularity, titles,
            artistIds.OrderBy(p => p.Value).Select(p => p.Key).ToArray(),
            genreIds.OrderBy(p => p.Value).Select(p => p.Key).ToArray(), users);
    }

    private static List<(string Artist, string Title, string Genre, long Pop)> ReadTracks(string path)
    {
        var tracks = new List<(string, string, string, long)>();
        foreach (var (line, root) in JsonLines(path))
        {
            var id = Int(root, "track", path, line);
            if (id != tracks.Count)
                throw new InvalidDataException($"{path}, line {line}: field 'track' is {id}; tracks must be numbered 0, 1, 2, ... in file order (expected {tracks.Count}).");
            var artist = Text(root, "artist", path, line, required: true)!;
            var title = Text(root, "title", path, line, required: true)!;
            var genre = Text(root, "genre", path, line, required: false) ?? "unknown";
            var pop = root.TryGetProperty("pop", out var p) ? Number(p, "pop", path, line) : 1;
            if (pop < 0) throw new InvalidDataException($"{path}, line {line}: field 'pop' is {pop}, must not be negative.");
            tracks.Add((artist, title, genre, (long)Math.Round(pop)));
        }
        return tracks;
    }

    private static UserProfile[] ReadUsers(string path, int trackCount)
    {
        var users = new List<UserProfile>();
        foreach (var (line, root) in JsonLines(path))
        {
            var id = Int(root, "user", path, line);
            if (id != users.Count)
                throw new InvalidDataException($"{path}, line {line}: field 'user' is {id}; users must be numbered 0, 1, 2, ... in file order (expected {users.Count}).");
            if (!root.TryGetProperty("interests", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
                throw new InvalidDataException($"{path}, line {line}: field 'interests' must be a non-empty array of track ids.");
            var interests = list.EnumerateArray().Select((e, i) =>
                e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var t) && (uint)t < (uint)trackCount
                    ? t
                    : throw new InvalidDataException($"{path}, line {line}: field 'interests' item {i} is {e.GetRawText()}, not a track id in [0, {trackCount}).")).ToArray();
            double Optional(string field, double fallback) => root.TryGetProperty(field, out var v) ? Number(v, field, path, line) : fallback;
            var budget = Optional("session_budget", UserProfile.DefaultSessionBudget);
            var neighbours = Optional("interest_neighbours", Math.Min(UserProfile.DefaultInterestNeighbours, trackCount));
            if (budget < 1 || budget != Math.Floor(budget)) throw new InvalidDataException($"{path}, line {line}: field 'session_budget' is {budget}, must be a positive integer.");
            if (neighbours < 1 || neighbours != Math.Floor(neighbours) || neighbours > trackCount)
                throw new InvalidDataException($"{path}, line {line}: field 'interest_neighbours' is {neighbours}, must be an integer in [1, {trackCount}].");
            users.Add(new UserProfile(id, interests,
                Optional("consume_bias", UserProfile.DefaultConsumeBias),
                Optional("consume_sharpness", UserProfile.DefaultConsumeSharpness),
                (int)budget,
                Optional("artist_discount_gamma", UserProfile.DefaultArtistDiscountGamma),
                (int)neighbours));
        }
        return users.ToArray();
    }

    private static IEnumerable<(int Line, JsonElement Root)> JsonLines(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} does not exist.", path);
        var number = 0;
        foreach (var text in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            JsonElement root;
            try
            {
                using var doc = JsonDocument.Parse(text);
                root = doc.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}, line {number}: not valid JSON ({e.Message}).", e);
            }
            if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{path}, line {number}: expected a JSON object.");
            yield return (number, root);
        }
    }

    private static int Int(JsonElement root, string field, string path, int line) =>
        root.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i)
            ? i
            : throw new InvalidDataException($"{path}, line {line}: field '{field}' is missing or not an integer.");

    private static string? Text(JsonElement root, string field, string path, int line, bool required)
    {
        if (!root.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
            return required ? throw new InvalidDataException($"{path}, line {line}: field '{field}' is missing.") : null;
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => throw new InvalidDataException($"{path}, line {line}: field '{field}' is {v.GetRawText()}, expected text."),
        };
    }

    private static double Number(JsonElement v, string field, string path, int line) =>
        v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d)
            ? d
            : throw new InvalidDataException($"{path}, line {line}: field '{field}' is {v.GetRawText()}, expected a number.");
}
