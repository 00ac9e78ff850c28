using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RecLab.Datasets;
using RecLab.Events;
using RecLab.Experiments;
using RecLab.Recommenders;
using RecLab.Simulation;
using RecLab.Training;
using RecLab.Training.Core;
using RecLab.Training.Dssm;
using RecLab.World;

namespace RecLab.Cli.Commands;

/// <summary>
/// <c>reclab bench train</c>: DSSM training throughput and CORE-trm epoch time on CPU, each against a PyTorch script of
/// the same model on the same exported data (tests/reference/*.py, Debian's python3-torch), in one run.
/// </summary>
public static class BenchTrainCommand
{
    private const string Python = "/usr/bin/python3";

    /// <summary>Which worlds <c>bench train</c> measures.</summary>
    public enum Worlds
    {
        /// <summary>The small world (5,000 tracks, 1,000 users) of the default study.</summary>
        Small,
        /// <summary>The course-sized world (50,000 tracks, 10,000 users).</summary>
        Course,
        /// <summary>Both, small first.</summary>
        Both,
    }

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var sessions = new Option<long>("--sessions") { Description = "Sessions in the simulated log on the course-sized world.", DefaultValueFactory = _ => 200_000 };
        var smallSessions = new Option<long>("--small-sessions") { Description = "Sessions in the simulated log on the small world (the default study's).", DefaultValueFactory = _ => 100_000 };
        var worlds = new Option<Worlds>("--world") { Description = "Small, Course or Both.", DefaultValueFactory = _ => Worlds.Both };
        var small = new Option<bool>("--small") { Description = "Only the small world (same as --world Small)." };
        var batches = new Option<int>("--batches") { Description = "DSSM batches timed per epoch.", DefaultValueFactory = _ => 200 };
        var memory = new Option<bool>("--memory") { Description = "Also train CORE-ave for one epoch in a child process on the course-sized log and print its peak memory beside the bound.", DefaultValueFactory = _ => true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("train", "DSSM samples/s and CORE-trm epoch time on CPU, against PyTorch scripts of the same models on the same data, on both world sizes; CORE's peak memory against its bound.")
            { sessions, smallSessions, worlds, small, batches, memory, json };
        command.SetAction((result, cancellation) => Terminal.Guard(() =>
        {
            using var load = MachineLoad.Start();
            var root = RunCommand.FindRepositoryRoot() ?? throw new DirectoryNotFoundException("bench train needs the repository (tests/reference/*.py).");
            if (!File.Exists(Python)) throw new InvalidOperationException($"{Python} is missing: run bash environment/setup.sh (python3-torch, libopenblas0-openmp).");
            var which = result.GetValue(small) ? Worlds.Small : result.GetValue(worlds);
            var report = new Dictionary<string, object> { ["benchmark"] = "train" };
            if (which != Worlds.Course) Measure(root, "small", WorldOptions.Small, result.GetValue(smallSessions), result.GetValue(batches), false, report, cancellation);
            if (which != Worlds.Small) Measure(root, "course", new WorldOptions(), result.GetValue(sessions), result.GetValue(batches), result.GetValue(memory), report, cancellation);
            report["threads"] = Environment.ProcessorCount;
            report["torchsharp"] = $"{RecLab.Platform.TorchRuntime.TorchSharpVersion} (libtorch {RecLab.Platform.TorchRuntime.EnsureLoaded().LibTorchVersion})";
            BenchCommand.Print(report, result.GetValue(json), load);
            return Task.FromResult(0);
        }));
        return command;
    }

    /// <summary>One world size: its log, DSSM and CORE-trm against PyTorch, and (course) CORE-ave's memory; figures go
    /// into <paramref name="report"/> with keys prefixed by <paramref name="name"/>.</summary>
    private static void Measure(string root, string name, WorldOptions worldOptions, long sessions, int batches, bool memory,
        Dictionary<string, object> report, CancellationToken cancellation)
    {
        using var dir = new TemporaryFolder("reclab-bench-train");
        var world = WorldGenerator.Generate(worldOptions, 42);
        var log = ProgressDisplay.Run($"simulating the training log ({name} world)", bar =>
            DataCollection.Run(world, [StandardExperiments.Baselines(new RecommenderFactory(world))], Path.Combine(dir.Path, "log"),
                new SimulationOptions { Episodes = sessions, Seed = 1 },
                new Progress<SimulationProgress>(p => bar.Report((p.Episodes, p.TotalEpisodes))), cancellation));
        var plays = PlaySessions.FromEvents(EventLogReader.Read(new EventReadOptions { Tracks = true }, log.LogPath));
        var threads = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture);

        var dssmData = DssmData.Build(plays, world.TrackCount, world.UserCount);
        var dssmTrainer = DssmOptions.Trainer with { Device = "cpu", Epochs = 3, MaxBatchesPerEpoch = batches, EarlyStoppingPatience = 10 };
        var dssm = ProgressDisplay.Run($"RecLab DSSM ({name} world)", bar => DssmTraining.Train(world, dssmData, trainer: dssmTrainer, steps: bar));
        DssmTraining.WriteTensors(Path.Combine(dir.Path, "dssm"), world, dssmData);
        var torchDssm = Reference(Path.Combine(root, "tests", "reference", "dssm_reference.py"), Path.Combine(dir.Path, "dssm"),
            "--batch", dssmTrainer.BatchSize.ToString(CultureInfo.InvariantCulture), "--batches", batches.ToString(CultureInfo.InvariantCulture),
            "--warmup", "20", "--threads", threads);

        var coreData = SessionData.Build(plays, world.TrackCount);
        var coreTrainer = CoreOptions.Trainer with { Device = "cpu", Epochs = 3, EarlyStoppingPatience = 10 };
        var core = ProgressDisplay.Run($"RecLab CORE-trm ({name} world)", bar => CoreTraining.Train(coreData, new CoreOptions { Variant = CoreVariant.Trm }, coreTrainer, steps: bar));
        CoreTraining.WriteTensors(Path.Combine(dir.Path, "core"), coreData);
        var torchCore = Reference(Path.Combine(root, "tests", "reference", "core_reference.py"), Path.Combine(dir.Path, "core"),
            "--variant", "trm", "--batch", coreTrainer.BatchSize.ToString(CultureInfo.InvariantCulture), "--threads", threads);

        var dssmRate = dssm.History.MedianSamplesPerSecond;
        var torchDssmRate = torchDssm.GetProperty("samples_per_second").GetDouble();
        var coreEpoch = core.History.MedianEpochSeconds;
        var torchCoreEpoch = torchCore.GetProperty("epoch_seconds").GetDouble();
        report[$"{name}_world"] = $"{world.TrackCount:N0} tracks, {world.UserCount:N0} users; {sessions:N0} simulated sessions";
        report[$"{name}_dssm_examples"] = dssmData.Train.Count;
        report[$"{name}_dssm_samples_per_second"] = Math.Round(dssmRate);
        report[$"{name}_pytorch_dssm_samples_per_second"] = Math.Round(torchDssmRate);
        report[$"{name}_dssm_speed_ratio"] = Math.Round(dssmRate / torchDssmRate, 2);
        report[$"{name}_core_examples"] = coreData.Train.Count;
        report[$"{name}_core_items"] = coreData.Items - 1;
        report[$"{name}_core_trm_epoch_seconds"] = Math.Round(coreEpoch, 2);
        report[$"{name}_pytorch_core_trm_epoch_seconds"] = Math.Round(torchCoreEpoch, 2);
        report[$"{name}_core_speed_ratio"] = Math.Round(torchCoreEpoch / coreEpoch, 2);
        report["pytorch"] = $"{torchDssm.GetProperty("torch").GetString()}, {torchDssm.GetProperty("threads").GetInt32()} threads, BLAS {torchDssm.GetProperty("blas").GetString()}";
        if (!memory) return;
        WorldFile.Save(world, Path.Combine(dir.Path, "world"));
        var (code, stdout, stderr) = SelfProcess.Run("train", "core", "--variant", "Ave", "--epochs", "1", "--device", "cpu", "--json",
            "--log", Path.GetDirectoryName(log.LogPath)!, "--out", Path.Combine(dir.Path, "core-ave"));
        if (code != 0) throw new InvalidOperationException($"reclab train core failed: {stderr.Trim()}");
        var trained = JsonDocument.Parse(stdout).RootElement.GetProperty("memory");
        foreach (var field in new[] { "peak_memory_mb", "loading_peak_mb", "resident_before_training_mb", "training_peak_mb", "evaluation_and_export_peak_mb", "training_bound_mb", "within_bound", "bound" })
            report[$"{name}_core_ave_{field}"] = trained.GetProperty(field).ValueKind switch
            {
                JsonValueKind.Number => trained.GetProperty(field).GetDouble(),
                JsonValueKind.String => trained.GetProperty(field).GetString()!,
                var kind => kind == JsonValueKind.True,
            };
    }

    /// <summary>Runs a reference script and returns the JSON line it prints.</summary>
    private static JsonElement Reference(string script, params string[] args)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{Path.GetFileName(script)} failed: {error.Result.Trim()}");
        return JsonDocument.Parse(output.Result.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    private sealed class TemporaryFolder : IDisposable
    {
        public TemporaryFolder(string prefix) => Directory.CreateDirectory(Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)]));

        public string Path { get; }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
