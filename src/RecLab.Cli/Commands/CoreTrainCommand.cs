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
            var run = ProgressDisplay.Run($"training CORE-{options.Variant.ToString().ToLowerInvariant()}", bar =>
                CoreTraining.Train(data, options, trainer, TrainCommand.EpochLines(result.GetValue(common.Json)), bar, cancellation));
            var metrics = CoreTraining.Evaluate(run, 10, 20);
            var artifact = CoreTraining.Export(run, world, result.GetValue(common.Out)!, metrics);
            TrainCommand.Report(run.History, metrics, data.Protocol, artifact.Directory, result.GetValue(common.Json));
            return Task.FromResult(0);
        }));
        return command;
    }
}
