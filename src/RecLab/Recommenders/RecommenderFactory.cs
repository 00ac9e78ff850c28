using System.Collections.Concurrent;
using System.Globalization;
using RecLab.IO;
using RecLab.Training;
using RecLab.Training.Core;
using RecLab.World;

namespace RecLab.Recommenders;

/// <summary>
/// Builds recommenders from <see cref="RecommenderSpec"/>s for one world, resolving list files against a base folder
/// and loading each file once. Later stages add their own kinds (trained models) with <see cref="Register"/>; a user's
/// own recommender classes (a notebook cell, a compiled <c>.cs</c> file) join one factory with <see cref="Add(Type, string?)"/>,
/// and are then known by name everywhere a spec is, inside <c>fallback(...)</c> and <c>no-repeat(...)</c> too.
/// </summary>
public sealed class RecommenderFactory
{
    /// <summary>Builds one kind of recommender: the spec, the factory (for inner specs, files, the world).</summary>
    public delegate IRecommender Builder(RecommenderSpec spec, RecommenderFactory factory);

    private static readonly ConcurrentDictionary<string, (Builder Build, string Help)> Kinds = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (Builder Build, string Help)> _own = new(StringComparer.OrdinalIgnoreCase);
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

    /// <summary>The names of this factory's own kinds (added with <see cref="Add(string, Builder, string)"/>), sorted.</summary>
    public IReadOnlyList<string> OwnKinds => [.. _own.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Adds a kind known to this factory only (a user's recommender), taking precedence over the built-in kinds.</summary>
    /// <exception cref="ArgumentException">The name is not a valid spec name (letters, digits, '-', '_').</exception>
    public RecommenderFactory Add(string name, Builder build, string help)
    {
        if (name.Length == 0 || !name.All(c => char.IsLetterOrDigit(c) || c is '-' or '_'))
            throw new ArgumentException($"'{name}' is not a recommender name (letters, digits, '-' and '_').", nameof(name));
        _own[name] = (build, help);
        return this;
    }

    /// <summary>Adds the recommender class <paramref name="type"/> under <paramref name="name"/> (default: the class name
    /// in kebab case, <c>FirstTrackArtist</c> → <c>first-track-artist</c>; the class name itself works too). The class
    /// needs a public constructor taking one of (<see cref="RecommenderFactory"/>, <see cref="RecommenderSpec"/>),
    /// (<see cref="MusicWorld"/>, <see cref="RecommenderSpec"/>), (<see cref="RecommenderFactory"/>), (<see cref="MusicWorld"/>)
    /// or nothing: the spec's argument (<c>my-recs:artifacts/dssm</c>) then reaches it, and the factory gives it models
    /// and lists (<see cref="ModelLists"/>) and inner specs.</summary>
    /// <exception cref="ArgumentException">Not a concrete <see cref="IRecommender"/>, or no usable constructor.</exception>
    public RecommenderFactory Add(Type type, string? name = null)
    {
        if (!typeof(IRecommender).IsAssignableFrom(type) || type.IsAbstract || type.IsInterface)
            throw new ArgumentException($"{type.Name} does not implement IRecommender (or is abstract).", nameof(type));
        var builder = UserRecommenderBuilder.For(type);
        var help = $"{type.Name} (your own recommender)";
        var kebab = name ?? UserRecommenderBuilder.KebabCase(type.Name);
        Add(kebab, builder, help);
        if (name is null && !kebab.Equals(type.Name, StringComparison.OrdinalIgnoreCase)) Add(type.Name, builder, help);
        return this;
    }

    /// <summary>Adds <typeparamref name="T"/> (see <see cref="Add(Type, string?)"/>).</summary>
    public RecommenderFactory Add<T>(string? name = null) where T : IRecommender => Add(typeof(T), name);

    /// <summary>Adds (or replaces) a kind of recommender.</summary>
    public static void Register(string name, Builder build, string help) => Kinds[name] = (build, help);

    /// <summary>Builds the recommender <paramref name="spec"/> describes.</summary>
    /// <exception cref="FormatException">Unknown kind or bad argument; the message names them and lists the kinds.</exception>
    public IRecommender Build(RecommenderSpec spec) =>
        _own.TryGetValue(spec.Name, out var own) ? own.Build(spec, this)
        : Kinds.TryGetValue(spec.Name, out var kind) ? kind.Build(spec, this)
        : throw new FormatException($"unknown recommender '{spec.Name}' in '{spec}' (known: {string.Join(", ", Kinds.Keys.Concat(_own.Keys).Order())}).");

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
