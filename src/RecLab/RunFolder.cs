using RecLab.Experiments;
using RecLab.Simulation;
using RecLab.Training;
using RecLab.World;

namespace RecLab;

/// <summary>
/// The folder a study's notebooks share (the <c>runDir</c> parameter): the world, event logs and trained artifacts.
/// Each notebook reuses what earlier notebooks left here and otherwise makes what it needs itself, so it can run on
/// its own; the series in order is the full study. Layout in data/README.md ("Run folders").
/// </summary>
public sealed class RunFolder
{
    /// <summary>Opens (and creates) the folder at <paramref name="path"/>.</summary>
    public RunFolder(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(Path);
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>Where the world lives (<c>world/</c>).</summary>
    public string WorldDir => System.IO.Path.Combine(Path, "world");

    /// <summary>The folder of the event log called <paramref name="name"/> (<c>logs/NAME/</c>).</summary>
    public string LogDir(string name) => System.IO.Path.Combine(Path, "logs", name);

    /// <summary>The folder of the trained artifact called <paramref name="name"/> (<c>artifacts/NAME/</c>).</summary>
    public string ArtifactDir(string name) => System.IO.Path.Combine(Path, "artifacts", name);

    /// <summary>Whether a complete event log called <paramref name="name"/> is here.</summary>
    public bool HasLog(string name) =>
        Directory.Exists(LogDir(name)) && Directory.GetFiles(LogDir(name), "*.parquet").Length > 0
        && Directory.GetFiles(LogDir(name), "*.partial").Length == 0;

    /// <summary>Whether a trained model called <paramref name="name"/> is here (its <c>model.json</c> is written last).</summary>
    public bool HasModel(string name) => File.Exists(System.IO.Path.Combine(ArtifactDir(name), ModelArtifact.MetadataFile));

    /// <summary>The event log called <paramref name="name"/>: the one here, or one collected now by running
    /// <paramref name="experiment"/> on the embedded service with <paramref name="options"/>.</summary>
    public string LogOrCollect(string name, MusicWorld world, Func<Experiment> experiment, SimulationOptions options)
    {
        if (!HasLog(name)) DataCollection.Run(world, [experiment()], LogDir(name), options);
        return LogDir(name);
    }

    /// <summary>The world saved here, or a new one generated from (<paramref name="options"/>, <paramref name="seed"/>)
    /// and saved, when there is none yet. The second value says whether it was loaded.</summary>
    public (MusicWorld World, bool Loaded) WorldOrGenerate(WorldOptions options, ulong seed)
    {
        if (File.Exists(System.IO.Path.Combine(WorldDir, WorldFile.FileName))) return (WorldFile.Load(WorldDir), true);
        var world = WorldGenerator.Generate(options, seed);
        WorldFile.Save(world, WorldDir);
        return (world, false);
    }
}
