using System.Text.Json;
using RecLab.Analysis;
using RecLab.IO;
using RecLab.Experiments;
using RecLab.Recommenders;
using RecLab.World;

namespace RecLab.Service;

/// <summary>One experiment as configured: a name and arms (arm name → recommender spec).</summary>
public sealed class ExperimentConfig
{
    /// <summary>Experiment name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Arm name to recommender spec (see <see cref="RecommenderSpec"/>); arms are ordered C, T1, T2, ...</summary>
    public Dictionary<string, string> Arms { get; set; } = [];

    /// <summary>The configuration that builds <paramref name="experiment"/> again.</summary>
    public static ExperimentConfig Of(Experiment experiment) =>
        new() { Name = experiment.Name, Arms = experiment.Arms.ToDictionary(a => a.Name, a => a.Spec) };
}

/// <summary>
/// The recommendation service's configuration, from a JSON file and <c>RECLAB_</c> environment variables (ASP.NET Core
/// configuration: <c>RECLAB_Redis</c>, <c>RECLAB_Experiments__0__Arms__T1</c>, ...), so that changing an experiment needs
/// no rebuild. Relative paths in it (<see cref="World"/>, <see cref="LogDir"/>, <see cref="Artifacts"/>, <see cref="Recommenders"/>)
/// start from the configuration file's folder, by <see cref="ResolvePath"/>. Documented in environment/README.md.
/// </summary>
public sealed class BotifyConfig
{
    /// <summary>World folder (or file) the service serves.</summary>
    public string World { get; set; } = "";

    /// <summary>Folder for this replica's event logs.</summary>
    public string LogDir { get; set; } = "logs";

    /// <summary>This replica's name, used in log file names (default: host name and process id).</summary>
    public string Replica { get; set; } = "";

    /// <summary>Redis address <c>host:port</c> for shared session state; empty keeps sessions in this process.</summary>
    public string Redis { get; set; } = "";

    /// <summary>Folder that recommender files (top-K lists, trained artifacts) are resolved against; default: the
    /// configuration file's folder.</summary>
    public string Artifacts { get; set; } = "";

    /// <summary>C# files with the user's own recommender classes, compiled at start against the library (relative to the
    /// configuration file's folder); each class is then known by name in the arms' specs. Empty: none.</summary>
    public List<string> Recommenders { get; set; } = [];

    /// <summary>The study's seed, as <c>reclab simulate --seed</c> takes it: recommendation randomness is seeded with
    /// <see cref="Simulation.DataCollection.ServiceSeed"/> of it, as the embedded service of a study is, so a simulation over
    /// HTTP with the same seed and session ids gives the same sessions as the embedded one.</summary>
    public ulong Seed { get; set; } = 42;

    /// <summary>Experiments; the first routes requests. Default: the baselines.</summary>
    public List<ExperimentConfig> Experiments { get; set; } = [];

    /// <summary>Seconds between event-log parts: each part is completed (and safe) when it rolls.</summary>
    public double LogRollSeconds { get; set; } = 10;

    /// <summary>Writes this configuration as the JSON file <c>reclab serve --config</c> reads (atomically).</summary>
    public void Save(string path) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>Checks the fields; the message names the bad one.</summary>
    public BotifyConfig Validate()
    {
        if (string.IsNullOrWhiteSpace(World)) throw new ArgumentException("configuration: 'World' (the world folder) is required.", nameof(World));
        if (Experiments.Any(e => string.IsNullOrWhiteSpace(e.Name)))
            throw new ArgumentException("configuration: every experiment needs a 'Name'.", nameof(Experiments));
        var empty = Experiments.FirstOrDefault(e => e.Arms.Count == 0);
        if (empty is not null) throw new ArgumentException($"configuration: experiment '{empty.Name}' has no 'Arms'.", nameof(Experiments));
        if (!(LogRollSeconds > 0)) throw new ArgumentException($"configuration: 'LogRollSeconds' = {LogRollSeconds} must be positive.", nameof(LogRollSeconds));
        return this;
    }

    /// <summary>The one rule for a path this configuration names: a rooted path as given, a relative one from
    /// <paramref name="configDirectory"/> (the configuration file's folder), so that a file means the same from every
    /// current directory.</summary>
    public static string ResolvePath(string path, string configDirectory) => Path.GetFullPath(path, Path.GetFullPath(configDirectory));

    /// <summary>The folder recommender files are resolved against: <see cref="Artifacts"/> by <see cref="ResolvePath"/>, or
    /// <paramref name="configDirectory"/> itself when <see cref="Artifacts"/> is empty.</summary>
    public string ArtifactsFolder(string configDirectory) =>
        string.IsNullOrEmpty(Artifacts) ? Path.GetFullPath(configDirectory) : ResolvePath(Artifacts, configDirectory);

    /// <summary>The experiments, built for <paramref name="world"/> (the baselines when none are configured).</summary>
    /// <param name="world">The world served.</param>
    /// <param name="configDirectory">The configuration file's folder, which relative paths start from (see <see cref="ArtifactsFolder"/>).</param>
    /// <param name="extend">Adds kinds to the factory before the specs are built (the host's compiled <see cref="Recommenders"/>).</param>
    /// <exception cref="FormatException">A recommender spec is malformed or unknown.</exception>
    public IReadOnlyList<Experiment> BuildExperiments(MusicWorld world, string configDirectory, Action<RecommenderFactory>? extend = null)
    {
        var factory = new RecommenderFactory(world, ArtifactsFolder(configDirectory));
        extend?.Invoke(factory);
        if (Experiments.Count == 0) return [StandardExperiments.Baselines(factory)];
        return Experiments.Select(e => Experiment.Create(e.Name, factory, e.Arms.OrderBy(a => a.Key, ArmOrder.Comparer))).ToList();
    }
}
