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

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var sessions = new Option<long>("--sessions") { Description = "Sessions in the simulated log the models train on.", DefaultValueFactory = _ => 200_000 };
        var small = new Option<bool>("--small") { Description = "The small world (5,000 tracks) instead of the default (50,000)." };
        var batches = new Option<int>("--batches") { Description = "DSSM batches timed per epoch.", DefaultValueFactory = _ => 200 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("train", "DSSM samples/s and CORE-trm epoch time on CPU, against PyTorch scripts of the same models on the same data.")
            { sessions, small, batches, json };
        command.SetAction((result, cancellation) => Terminal.Guard(() =>
        {
            var root = RunCommand.FindRepositoryRoot() ?? throw new DirectoryNotFoundException("bench train needs the repository (tests/reference/*.py).");
            if (!File.Exists(Python)) throw new InvalidOperationException($"{Python} is missing: run bash environment/setup.sh (python3-torch, libopenblas0-openmp).");
            using var dir = new TemporaryFolder("reclab-bench-train");
            var world = WorldGenerator.Generate(result.GetValue(small) ? WorldOptions.Small : new WorldOptions(), 42);
            var log = ProgressDisplay.Run("simulating the training log", bar =>
                DataCollection.Run(world, [StandardExperiments.Baselines(new RecommenderFactory(world))], Path.Combine(dir.Path, "log"),
                    new SimulationOptions { Episodes = result.GetValue(sessions), Seed = 1 },
                    new Progress<SimulationProgress>(p => bar.Report((p.Episodes, p.TotalEpisodes))), cancellation));
            var plays = PlaySessions.FromEvents(EventLogReader.Read(new EventReadOptions { Tracks = true }, log.LogPath));
            var threads = Environment.ProcessorCount;

            var dssmData = DssmData.Build(plays, world.TrackCount, world.UserCount);
            var dssmTrainer = DssmOptions.Trainer with { Device = "cpu", Epochs = 3, MaxBatchesPerEpoch = result.GetValue(batches), EarlyStoppingPatience = 10 };
            var dssm = ProgressDisplay.Run("RecLab DSSM", bar => DssmTraining.Train(world, dssmData, trainer: dssmTrainer, steps: bar));
            DssmTraining.WriteTensors(Path.Combine(dir.Path, "dssm"), world, dssmData);
            var torchDssm = Reference(Path.Combine(root, "tests", "reference", "dssm_reference.py"), Path.Combine(dir.Path, "dssm"),
                "--batch", dssmTrainer.BatchSize.ToString(CultureInfo.InvariantCulture), "--batches", result.GetValue(batches).ToString(CultureInfo.InvariantCulture),
                "--warmup", "20", "--threads", threads.ToString(CultureInfo.InvariantCulture));

            var coreData = SessionData.Build(plays, world.TrackCount);
            var coreTrainer = CoreOptions.Trainer with { Device = "cpu", Epochs = 3, EarlyStoppingPatience = 10 };
            var core = ProgressDisplay.Run("RecLab CORE-trm", bar => CoreTraining.Train(coreData, new CoreOptions { Variant = CoreVariant.Trm }, coreTrainer, steps: bar));
            CoreTraining.WriteTensors(Path.Combine(dir.Path, "core"), coreData);
            var torchCore = Reference(Path.Combine(root, "tests", "reference", "core_reference.py"), Path.Combine(dir.Path, "core"),
                "--variant", "trm", "--batch", coreTrainer.BatchSize.ToString(CultureInfo.InvariantCulture), "--threads", threads.ToString(CultureInfo.InvariantCulture));

            var dssmRate = dssm.History.MedianSamplesPerSecond;
            var torchDssmRate = torchDssm.GetProperty("samples_per_second").GetDouble();
            var coreEpoch = core.History.MedianEpochSeconds;
            var torchCoreEpoch = torchCore.GetProperty("epoch_seconds").GetDouble();
            BenchCommand.Print(new Dictionary<string, object>
            {
                ["benchmark"] = "train",
                ["world"] = $"{world.TrackCount:N0} tracks, {world.UserCount:N0} users; {result.GetValue(sessions):N0} simulated sessions",
                ["dssm_examples"] = dssmData.Train.Count,
                ["samples_per_second"] = Math.Round(dssmRate),
                ["pytorch_samples_per_second"] = Math.Round(torchDssmRate),
                ["dssm_speed_ratio"] = Math.Round(dssmRate / torchDssmRate, 2),
                ["core_examples"] = coreData.Train.Count,
                ["core_items"] = coreData.Items - 1,
                ["core_trm_epoch_seconds"] = Math.Round(coreEpoch, 2),
                ["pytorch_core_trm_epoch_seconds"] = Math.Round(torchCoreEpoch, 2),
                ["core_speed_ratio"] = Math.Round(torchCoreEpoch / coreEpoch, 2),
                ["threads"] = threads,
                ["torchsharp"] = $"{RecLab.Platform.TorchRuntime.TorchSharpVersion} (libtorch {RecLab.Platform.TorchRuntime.EnsureLoaded().LibTorchVersion})",
                ["pytorch"] = $"{torchDssm.GetProperty("torch").GetString()}, {torchDssm.GetProperty("threads").GetInt32()} threads, BLAS {torchDssm.GetProperty("blas").GetString()}",
            }, result.GetValue(json));
            return Task.FromResult(0);
        }));
        return command;
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
