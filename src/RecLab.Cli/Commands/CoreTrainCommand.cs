using System.CommandLine;
using RecLab.Datasets;
using RecLab.Training.Core;

namespace RecLab.Cli.Commands;

/// <summary><c>reclab train core --log DIR --out DIR [--variant ave|trm]</c>.</summary>
public static class CoreTrainCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var common = new TrainCommand.Common();
        var variant = new Option<CoreVariant>("--variant") { Description = "Ave (mean of the session's items) or Trm (transformer weights).", DefaultValueFactory = _ => CoreVariant.Trm };
        var command = new Command("core", "Train CORE (session-based) on sessions of liked tracks.") { variant };
        common.AddTo(command);
        command.SetAction((result, cancellation) => Terminal.Guard(() =>
        {
            var options = new CoreOptions { Variant = result.GetValue(variant) };
            var trainer = common.Trainer(result, CoreOptions.Trainer);
            var (sessions, world) = common.Load(result);
            var data = SessionData.Build(sessions, world.TrackCount);
            Terminal.StdErr.WriteLine($"{data.Train.Count:N0} training, {data.Valid.Count:N0} validation, {data.Test.Count:N0} test prefixes; {data.Protocol}");
            var loadPeak = ProcessMemory.Peak();
            var before = ProcessMemory.Resident();
            var separate = ProcessMemory.ResetPeak();
            var run = ProgressDisplay.Run($"training CORE-{options.Variant.ToString().ToLowerInvariant()}", bar =>
                CoreTraining.Train(data, options, trainer, TrainCommand.EpochLines(result.GetValue(common.Json)), bar, cancellation));
            var trainingPeak = ProcessMemory.Peak();
            var metrics = CoreTraining.Evaluate(run, 10, 20);
            var artifact = CoreTraining.Export(run, world, result.GetValue(common.Out)!, metrics);
            var memory = Memory(data, world, options, trainer, loadPeak, before, separate ? trainingPeak : Math.Max(trainingPeak, before));
            TrainCommand.Report(run.History, metrics, data.Protocol, artifact.Directory, result.GetValue(common.Json), memory);
            return Task.FromResult(0);
        }));
        return command;
    }

    /// <summary>Peak memory of loading, of training, and of the whole run (evaluation with item-KNN and export included),
    /// and the bound training keeps (<see cref="CoreTask.MemoryBound"/>), in MB.</summary>
    private static Dictionary<string, object> Memory(SessionData data, RecLab.World.MusicWorld world, CoreOptions options, RecLab.Training.TrainerOptions trainer,
        long loadPeak, long before, long trainingPeak)
    {
        var peak = Math.Max(trainingPeak, ProcessMemory.Peak());
        var bound = CoreTask.MemoryBound(data.Items, world.TrackCount, data.Train.Count + data.Valid.Count + data.Test.Count, trainer.BatchSize,
            options with { MaxLength = data.Options.MaxLength });
        return new Dictionary<string, object>
        {
            ["peak_memory_mb"] = Math.Round(Math.Max(loadPeak, peak) / 1e6),
            ["loading_peak_mb"] = Math.Round(loadPeak / 1e6),
            ["resident_before_training_mb"] = Math.Round(before / 1e6),
            ["training_peak_mb"] = Math.Round(trainingPeak / 1e6),
            ["evaluation_and_export_peak_mb"] = Math.Round(peak / 1e6),
            ["training_bound_mb"] = Math.Round((before + bound) / 1e6),
            ["bound"] = $"resident before training + {bound / 1e6:F0} MB: 8 blocks of {CoreTask.BlockFloats:N0} logits, 16 × (items + tracks) × D, the encoder of one batch × longest prefix, the prefixes (CoreTask.MemoryBound)",
            ["within_bound"] = trainingPeak <= before + bound,
        };
    }
}
