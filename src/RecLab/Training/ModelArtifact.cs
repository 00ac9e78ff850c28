using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using RecLab.World;

namespace RecLab.Training;

/// <summary>
/// A trained model as a folder that loads without the training data (weights, options, id maps, metrics), used by
/// notebooks, <c>reclab train</c> and the service alike:
/// <c>model.json</c> (format, kind, world fingerprint, options, training history, metrics, evaluation protocol),
/// <c>weights.bin</c> (TorchSharp), <c>tracks.npy</c> (track vectors, float32 [tracks, D]), the course's
/// <c>top100.jsonl</c> (<c>{"user", "tracks"}</c>) and <c>i2i.jsonl</c> (<c>{"track", "recommendations"}</c>), and for
/// some models <c>users.npy</c>. The folder is written under a temporary name and renamed when complete, so a
/// half-written artifact never looks whole.
/// </summary>
public sealed class ModelArtifact
{
    /// <summary>Format tag in <c>model.json</c>.</summary>
    public const string Format = "reclab-model/1";

    /// <summary>Metadata file.</summary>
    public const string MetadataFile = "model.json";

    /// <summary>Weights file.</summary>
    public const string WeightsFile = "weights.bin";

    /// <summary>Track vectors.</summary>
    public const string TrackVectorsFile = "tracks.npy";

    /// <summary>User vectors (models with a user tower).</summary>
    public const string UserVectorsFile = "users.npy";

    /// <summary>Top-100 tracks per user, the course's format.</summary>
    public const string TopListsFile = "top100.jsonl";

    /// <summary>Most similar tracks per track, the course's Contextual format.</summary>
    public const string SimilarTracksFile = "i2i.jsonl";

    /// <summary>JSON settings for options records (enums by name).</summary>
    public static JsonSerializerOptions Json { get; } = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    private ModelArtifact(string directory, JsonObject metadata)
    {
        Directory = directory;
        Metadata = metadata;
    }

    /// <summary>The artifact's folder.</summary>
    public string Directory { get; }

    /// <summary>The contents of <c>model.json</c>.</summary>
    public JsonObject Metadata { get; }

    /// <summary>The model kind, e.g. <c>dssm</c> or <c>core</c>.</summary>
    public string Kind => (string)Metadata["kind"]!;

    /// <summary>The path of <paramref name="file"/> inside the artifact.</summary>
    public string PathOf(string file) => Path.Combine(Directory, file);

    /// <summary>Deserialises the metadata's <paramref name="field"/> (e.g. <c>options</c>).</summary>
    public T Read<T>(string field) =>
        Metadata[field].Deserialize<T>(Json) ?? throw new InvalidDataException($"{PathOf(MetadataFile)}: field '{field}' is missing.");

    /// <summary>Fails unless <paramref name="directory"/> may be replaced by a new artifact: it does not exist, is empty,
    /// or is itself a model artifact (its <c>model.json</c> has this format) that holds none of <paramref name="keep"/>
    /// (e.g. the training log). Anything else (an input log, a run folder, a typo for a parent folder) is refused, so
    /// training never deletes data it did not write.</summary>
    /// <exception cref="InvalidDataException">The folder is not a model artifact, or holds a path to keep; the message
    /// names it and says why.</exception>
    public static void CheckReplaceable(string directory, params string[] keep)
    {
        var target = Path.GetFullPath(directory);
        if (File.Exists(target)) throw new InvalidDataException($"--out {target} is a file, not a model folder; give a folder that does not exist yet.");
        foreach (var path in keep.Select(Path.GetFullPath))
            if (path == target || path.StartsWith(target + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                throw new InvalidDataException($"--out {target} holds {path}, which training reads; give another folder for the model.");
        if (!System.IO.Directory.Exists(target) || !System.IO.Directory.EnumerateFileSystemEntries(target).Any()) return;
        var metadata = Path.Combine(target, MetadataFile);
        string? format = null;
        try
        {
            format = File.Exists(metadata) ? (string?)(JsonNode.Parse(File.ReadAllText(metadata)) as JsonObject)?["format"] : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not a model's metadata: refused below.
        }
        if (format != Format)
            throw new InvalidDataException($"--out {target} is not empty and is not a model folder (no {MetadataFile} with format '{Format}'); " +
                                           "only a model folder is replaced. Give a new folder, or delete this one yourself.");
    }

    /// <summary>Writes an artifact: <paramref name="writeFiles"/> fills a temporary folder, <c>model.json</c> is added, and
    /// the folder replaces <paramref name="directory"/> in one rename. <paramref name="directory"/> must pass
    /// <see cref="CheckReplaceable"/>.</summary>
    public static ModelArtifact Write(string directory, string kind, MusicWorld world, JsonObject metadata, Action<string> writeFiles)
    {
        CheckReplaceable(directory);
        var target = Path.GetFullPath(directory);
        var parent = Path.GetDirectoryName(target)!;
        System.IO.Directory.CreateDirectory(parent);
        var temp = Path.Combine(parent, $".{Path.GetFileName(target)}.{Environment.ProcessId}.{Guid.NewGuid():N}.partial");
        System.IO.Directory.CreateDirectory(temp);
        try
        {
            writeFiles(temp);
            var all = new JsonObject
            {
                ["format"] = Format,
                ["kind"] = kind,
                ["created"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                ["world"] = new JsonObject
                {
                    ["tracks"] = world.TrackCount,
                    ["users"] = world.UserCount,
                    ["fingerprint"] = world.Fingerprint.ToString("x16", CultureInfo.InvariantCulture),
                },
            };
            foreach (var (key, value) in metadata) all[key] = value?.DeepClone();
            File.WriteAllText(Path.Combine(temp, MetadataFile), all.ToJsonString(Json));
            CheckReplaceable(target);
            if (System.IO.Directory.Exists(target)) System.IO.Directory.Delete(target, recursive: true);
            System.IO.Directory.Move(temp, target);
            return new ModelArtifact(target, all);
        }
        catch
        {
            if (System.IO.Directory.Exists(temp)) System.IO.Directory.Delete(temp, recursive: true);
            throw;
        }
    }

    /// <summary>Opens the artifact in <paramref name="directory"/>, checking its format and kind.</summary>
    /// <exception cref="FileNotFoundException">No <c>model.json</c> there.</exception>
    /// <exception cref="InvalidDataException">Not a RecLab model, or another kind; the message names the file.</exception>
    public static ModelArtifact Open(string directory, string? kind = null)
    {
        var path = Path.Combine(directory, MetadataFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} does not exist: {directory} is not a trained model folder (reclab train writes them).", path);
        JsonObject metadata;
        try
        {
            metadata = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException("not a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: malformed JSON ({e.Message}).", e);
        }
        if ((string?)metadata["format"] != Format) throw new InvalidDataException($"{path}: field 'format' is '{metadata["format"]}', expected '{Format}'.");
        var artifact = new ModelArtifact(Path.GetFullPath(directory), metadata);
        if (kind is not null && artifact.Kind != kind) throw new InvalidDataException($"{path}: a '{artifact.Kind}' model, expected '{kind}'.");
        return artifact;
    }

    /// <summary>Fails unless the artifact was trained on <paramref name="world"/>.</summary>
    /// <exception cref="InvalidDataException">Another world; the message says which sizes or fingerprint differ.</exception>
    public void CheckWorld(MusicWorld world)
    {
        var w = Metadata["world"] as JsonObject;
        var fingerprint = world.Fingerprint.ToString("x16", CultureInfo.InvariantCulture);
        if (w is null || (int?)w["tracks"] != world.TrackCount || (int?)w["users"] != world.UserCount || (string?)w["fingerprint"] != fingerprint)
            throw new InvalidDataException(
                $"{PathOf(MetadataFile)}: trained on another world ({w?["tracks"]} tracks, {w?["users"]} users, fingerprint {w?["fingerprint"]}; " +
                $"this one has {world.TrackCount}, {world.UserCount}, {fingerprint}).");
    }
}
