using System.Collections.Concurrent;
using System.Globalization;
using RecLab.IO;
using RecLab.Training;
using RecLab.Training.Core;
using RecLab.World;

namespace RecLab.Recommenders;

/// <summary>
/// Builds recommenders from <see cref="RecommenderSpec"/>s for one world, resolving list files against a base folder
/// and loading each file once. Later stages add their own kinds (trained models) with <see cref="Register"/>.
/// </summary>
public sealed class RecommenderFactory
{
    /// <summary>Builds one kind of recommender: the spec, the factory (for inner specs, files, the world).</summary>
    public delegate IRecommender Builder(RecommenderSpec spec, RecommenderFactory factory);

    private static readonly ConcurrentDictionary<string, (Builder Build, string Help)> Kinds = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, RecommendationLists> _lists = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ModelArtifact> _models = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (CoreModel? Model, int[] ItemToTrack)> _coreModels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (float[] Data, int Rows, int Columns)> _vectors = new(StringComparer.Ordinal);

    static RecommenderFactory()
    {
        Register("random", (_, f) => new RandomRecommender(f.World.TrackCount), "a uniformly random track");
        Register("toppop", (s, f) => new TopPopRecommender(f.World, s.Argument is null ? TopPopRecommender.DefaultSize : f.Int(s)), "random among the N most popular (toppop:N, default 100)");
        Register("sticky-artist", (_, f) => new StickyArtistRecommender(f.World), "a random track by the previous track's artist");
        Register("indexed", (s, f) => new IndexedRecommender(f.Lists(s, "user", "tracks"), IndexedMode.RandomPick), "a random entry of the user's list (indexed:FILE, JSON lines {user, tracks})");
        Register("indexed-ranked", (s, f) => new IndexedRecommender(f.Lists(s, "user", "tracks"), IndexedMode.RankedWalk), "the best unplayed entry of the user's list (indexed-ranked:FILE)");
        Register("contextual", (s, f) => new ContextualRecommender(f.Lists(s, "track", "recommendations")), "a random entry of the previous track's list (contextual:FILE, JSON lines {track, recommendations})");
        Register("no-repeat", (s, f) => new NoRepeatRecommender(f.Single(s)), "retries the inner recommender until a track the session has not played (no-repeat(SPEC))");
        Register("fallback", (s, f) => f.Chain(s), "the first inner recommender that answers (fallback(SPEC, SPEC, ...))");
        Register("dssm", (s, f) => new IndexedRecommender(f.ModelLists(s, "dssm"), IndexedMode.RandomPick),
            "a random entry of the user's DSSM top-100 (dssm:MODEL_DIR, written by reclab train dssm)");
        Register("dssm-ranked", (s, f) => new IndexedRecommender(f.ModelLists(s, "dssm"), IndexedMode.RankedWalk),
            "the best unplayed entry of the user's DSSM top-100 (dssm-ranked:MODEL_DIR)");
        Register("dssm-session", (s, f) => f.SessionRerank(s, "dssm"),
            "the user's DSSM top-100 re-ranked by similarity to the session's liked tracks (dssm-session:MODEL_DIR)");
        Register("core", (s, f) => f.Core(s, CoreServing.Online),
            "CORE on the current session's liked tracks, at every request (core:MODEL_DIR, written by reclab train core)");
        Register("core-restart", (s, f) => f.Core(s, CoreServing.RestartOnSkip),
            "the user's CORE top-100 in rank order until a skip, then a list from the session so far (core-restart:MODEL_DIR)");
        Register("core-ranked", (s, f) => new IndexedRecommender(f.ModelLists(s, "core"), IndexedMode.RankedWalk),
            "the best unplayed entry of the user's CORE top-100, computed from their latest session (core-ranked:MODEL_DIR)");
    }

    /// <summary>A factory for <paramref name="world"/>; relative file arguments resolve against <paramref name="baseDirectory"/>.</summary>
    public RecommenderFactory(MusicWorld world, string? baseDirectory = null)
    {
        World = world;
        BaseDirectory = Path.GetFullPath(baseDirectory ?? Environment.CurrentDirectory);
    }

    /// <summary>The world recommenders are built for.</summary>
    public MusicWorld World { get; }

    /// <summary>Folder that relative file arguments start from.</summary>
    public string BaseDirectory { get; }

    /// <summary>The known kinds with one line of help each.</summary>
    public static IReadOnlyDictionary<string, string> Help => Kinds.ToDictionary(k => k.Key, k => k.Value.Help);

    /// <summary>Adds (or replaces) a kind of recommender.</summary>
    public static void Register(string name, Builder build, string help) => Kinds[name] = (build, help);

    /// <summary>Builds the recommender <paramref name="spec"/> describes.</summary>
    /// <exception cref="FormatException">Unknown kind or bad argument; the message names them and lists the kinds.</exception>
    public IRecommender Build(RecommenderSpec spec) =>
        Kinds.TryGetValue(spec.Name, out var kind)
            ? kind.Build(spec, this)
            : throw new FormatException($"unknown recommender '{spec.Name}' in '{spec}' (known: {string.Join(", ", Kinds.Keys.Order())}).");

    /// <summary>Parses and builds.</summary>
    public IRecommender Build(string spec) => Build(RecommenderSpec.Parse(spec));

    /// <summary>Resolves a file argument against <see cref="BaseDirectory"/>.</summary>
    public string ResolvePath(string path) => Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(BaseDirectory, path));

    /// <summary>The lists in the spec's file argument, loaded once per factory.</summary>
    public RecommendationLists Lists(RecommenderSpec spec, string keyField, string listField)
    {
        var path = ResolvePath(spec.Argument ?? throw new FormatException($"'{spec.Name}' needs a file: {spec.Name}:FILE."));
        if (!File.Exists(path)) throw new FileNotFoundException($"recommender '{spec}': list file {path} does not exist.", path);
        return _lists.GetOrAdd(path + "|" + keyField, _ => RecommendationLists.LoadJsonLines(path, keyField, listField));
    }

    /// <summary>The trained model folder in the spec's argument, opened once per factory and checked against the world.</summary>
    /// <exception cref="FormatException">No folder given.</exception>
    /// <exception cref="InvalidDataException">Not a model of <paramref name="kind"/>, or trained on another world.</exception>
    public ModelArtifact Model(RecommenderSpec spec, string kind)
    {
        var path = ResolvePath(spec.Argument ?? throw new FormatException($"'{spec.Name}' needs a trained model folder: {spec.Name}:DIR."));
        return _models.GetOrAdd(path + "|" + kind, _ =>
        {
            var artifact = ModelArtifact.Open(path, kind);
            artifact.CheckWorld(World);
            return artifact;
        });
    }

    /// <summary>The per-user top lists of the model in the spec's argument.</summary>
    public RecommendationLists ModelLists(RecommenderSpec spec, string kind)
    {
        var path = Model(spec, kind).PathOf(ModelArtifact.TopListsFile);
        return _lists.GetOrAdd(path + "|user", _ => RecommendationLists.LoadJsonLines(path, "user", "tracks"));
    }

    /// <summary>The track vectors of the model in the spec's argument (row-major, and the row width).</summary>
    public (float[] Vectors, int Dimensions) ModelVectors(RecommenderSpec spec, string kind)
    {
        var path = Model(spec, kind).PathOf(ModelArtifact.TrackVectorsFile);
        var (data, rows, columns) = _vectors.GetOrAdd(path, p => NpyFile.ReadMatrix(p));
        if (rows != World.TrackCount) throw new InvalidDataException($"{path}: {rows} rows for a world of {World.TrackCount} tracks.");
        return (data, columns);
    }

    private CoreSessionRecommender Core(RecommenderSpec spec, CoreServing serving)
    {
        var artifact = Model(spec, "core");
        var (vectors, dimensions) = ModelVectors(spec, "core");
        var similarPath = artifact.PathOf(ModelArtifact.SimilarTracksFile);
        var similar = _lists.GetOrAdd(similarPath + "|track", _ => RecommendationLists.LoadJsonLines(similarPath, "track", "recommendations"));
        var (model, itemToTrack) = _coreModels.GetOrAdd(artifact.Directory, _ =>
        {
            var (m, map) = CoreTraining.Load(artifact.Directory, World);
            return (m.Options.Variant == CoreVariant.Trm ? m : null, map);
        });
        return new CoreSessionRecommender(vectors, dimensions, itemToTrack, ModelLists(spec, "core"), similar, model, serving);
    }

    private SessionRerankRecommender SessionRerank(RecommenderSpec spec, string kind)
    {
        var (vectors, dimensions) = ModelVectors(spec, kind);
        return new SessionRerankRecommender(ModelLists(spec, kind), vectors, dimensions);
    }

    private int Int(RecommenderSpec spec) =>
        int.TryParse(spec.Argument, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new FormatException($"'{spec}': the argument must be a positive integer.");

    private IRecommender Single(RecommenderSpec spec) =>
        spec.Inner.Count == 1 ? Build(spec.Inner[0]) : throw new FormatException($"'{spec}': {spec.Name}(...) wraps exactly one recommender.");

    private IRecommender Chain(RecommenderSpec spec)
    {
        if (spec.Inner.Count < 2) throw new FormatException($"'{spec}': fallback(...) needs at least two recommenders.");
        var chain = Build(spec.Inner[^1]);
        for (var i = spec.Inner.Count - 2; i >= 0; i--) chain = new FallbackRecommender(Build(spec.Inner[i]), chain);
        return chain;
    }
}
