using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RecLab.Analysis;
using RecLab.Datasets;
using RecLab.Events;
using RecLab.Training;
using RecLab.Training.Dssm;
using RecLab.World;
using Spectre.Console;

namespace RecLab.Cli.Commands;

/// <summary><c>reclab train dssm|core --log DIR --out DIR</c>: train a model on event logs and write its artifact.</summary>
public static class TrainCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create() => new("train", "Train DSSM or CORE on event logs; write the model, its top-100 lists and offline metrics.") { Dssm(), CoreTrainCommand.Create() };

    /// <summary>Options every model shares.</summary>
    internal sealed class Common
    {
        public Option<string> Log { get; } = new("--log") { Description = "Event logs (a folder of Parquet parts, or the course's data.json).", Required = true };
        public Option<string> Out { get; } = new("--out", "-o") { Description = "Folder for the trained model (a new folder, or an earlier model folder, which is replaced; anything else is refused).", Required = true };
        public Option<string?> World { get; } = new("--world") { Description = "World folder (default: the run folder's world/ above the log)." };
        public Option<string> Device { get; } = new("--device") { Description = "auto (CUDA when available), cpu, cuda, cuda:N.", DefaultValueFactory = _ => "auto" };
        public Option<ulong> Seed { get; } = new("--seed") { Description = "Seed of initialisation, shuffling and dropout.", DefaultValueFactory = _ => 42 };
        public Option<int?> Epochs { get; } = new("--epochs") { Description = "Most epochs (early stopping may end sooner)." };
        public Option<int?> Batch { get; } = new("--batch") { Description = "Batch size." };
        public Option<double?> LearningRate { get; } = new("--lr") { Description = "Learning rate." };
        public Option<OptimizerKind?> Optimizer { get; } = new("--optimizer") { Description = "Adam or AdamW." };
        public Option<double?> WeightDecay { get; } = new("--weight-decay") { Description = "Weight decay." };
        public Option<bool> Json { get; } = new("--json") { Description = "Print the history and offline metrics as JSON." };
        public Option<bool> SkipIncomplete { get; } = new("--skip-incomplete") { Description = "Leave out log parts whose writer did not finish (a killed replica's; counted in a warning) instead of refusing the folder." };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { Log, Out, World, Device, Seed, Epochs, Batch, LearningRate, Optimizer, WeightDecay, Json, SkipIncomplete }) command.Options.Add(option);
        }

        public TrainerOptions Trainer(ParseResult result, TrainerOptions defaults) => defaults with
        {
            Device = result.GetValue(Device)!,
            Seed = result.GetValue(Seed),
            Epochs = result.GetValue(Epochs) ?? defaults.Epochs,
            BatchSize = result.GetValue(Batch) ?? defaults.BatchSize,
            LearningRate = result.GetValue(LearningRate) ?? defaults.LearningRate,
            Optimizer = result.GetValue(Optimizer) ?? defaults.Optimizer,
            WeightDecay = result.GetValue(WeightDecay) ?? defaults.WeightDecay,
        };

        /// <summary>The log's play sessions and the world they were played in.</summary>
        public (PlaySessions Sessions, MusicWorld World) Load(ParseResult result)
        {
            var log = Path.GetFullPath(result.GetValue(Log)!);
            var worldDir = result.GetValue(World) ?? FindWorld(log)
                ?? throw new ArgumentException($"no world/ folder found above {log}; give --world.");
            ModelArtifact.CheckReplaceable(result.GetValue(Out)!, log, worldDir);
            var world = WorldFile.Load(worldDir);
            var skip = result.GetValue(SkipIncomplete);
            if (EventLogWorld.Check([log], world, worldDir, new EventReadOptions { SkipIncomplete = skip }) is { } notChecked)
                Terminal.StdErr.WriteLine($"warning: {notChecked}");
            var events = EventLogs.Load([log], options: new EventReadOptions { Tracks = true, SkipIncomplete = skip }).Events;
            var skipped = skip ? EventLogReader.IncompleteParts([log]) : [];
            if (skipped.Count > 0) Terminal.StdErr.WriteLine($"warning: left out {skipped.Count} incomplete log part(s), first {skipped[0]}; `reclab logs recover {log}` recovers a killed replica's events");
            return (PlaySessions.FromEvents(events), world);
        }

        private static string? FindWorld(string log)
        {
            for (var dir = new DirectoryInfo(log); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "world", WorldFile.FileName))) return Path.Combine(dir.FullName, "world");
            return null;
        }
    }

    private static Command Dssm()
    {
        var common = new Common();
        var loss = new Option<DssmLoss?>("--loss") { Description = "InBatchSoftmax (default) or Triplet (the course's)." };
        var embedding = new Option<int?>("--embedding") { Description = "Track embedding width (64; the homework tries up to 256)." };
        var activation = new Option<Activation?>("--activation") { Description = "ReLU (default), ELU or GELU." };
        var itemHidden = new Option<string?>("--item-hidden") { Description = "Item tower hidden widths, e.g. 256,128." };
        var excludeHeard = new Option<bool>("--exclude-heard") { Description = "Leave tracks the user already liked out of their top-100." };
        var command = new Command("dssm", "Train the two-tower DSSM on plays heard more than 80%.") { loss, embedding, activation, itemHidden, excludeHeard };
        common.AddTo(command);
        command.SetAction((result, cancellation) => Terminal.Guard(() =>
        {
            var defaults = new DssmOptions();
            var options = defaults with
            {
                Loss = result.GetValue(loss) ?? defaults.Loss,
                EmbeddingSize = result.GetValue(embedding) ?? defaults.EmbeddingSize,
                Activation = result.GetValue(activation) ?? defaults.Activation,
                ItemHidden = result.GetValue(itemHidden) is { } widths ? Widths(widths) : defaults.ItemHidden,
            };
            var trainer = common.Trainer(result, DssmOptions.Trainer);
            var (sessions, world) = common.Load(result);
            var data = DssmData.Build(sessions, world.TrackCount, world.UserCount);
            Terminal.StdErr.WriteLine($"{data.Train.Count:N0} training, {data.Valid.Count:N0} validation, {data.Test.Count:N0} test examples; {data.Protocol}");
            var run = ProgressDisplay.Run($"training DSSM ({options.Loss})", bar =>
                DssmTraining.Train(world, data, options, trainer, EpochLines(result.GetValue(common.Json)), bar, cancellation));
            var metrics = DssmTraining.Evaluate(run, 10, 100);
            var artifact = DssmTraining.Export(run, world, result.GetValue(common.Out)!, metrics, excludeHeard: result.GetValue(excludeHeard));
            Report(run.History, metrics, data.Protocol, artifact.Directory, result.GetValue(common.Json));
            return Task.FromResult(0);
        }));
        return command;
    }

    /// <summary>Parses comma-separated layer widths.</summary>
    internal static int[] Widths(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(w => int.TryParse(w, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"layer width '{w}' is not a positive integer."))
            .ToArray();

    /// <summary>Prints one line per epoch on standard error (unless JSON output is asked for).</summary>
    internal static IProgress<EpochRecord>? EpochLines(bool json) => json ? null : new SynchronousProgress<EpochRecord>(e =>
        Terminal.StdErr.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch {e.Epoch}: train loss {e.TrainLoss:F4}, validation {e.Validation:F4}, lr {e.LearningRate:G3}, {e.Seconds:F1} s ({e.SamplesPerSecond:N0} samples/s)")));

    /// <summary>Prints the outcome as tables, or as one JSON object.</summary>
    internal static void Report(TrainingHistory history, IReadOnlyList<RankingScores> metrics, string protocol, string artifact, bool json,
        IReadOnlyDictionary<string, object>? memory = null)
    {
        if (json)
        {
            Terminal.StdOut.WriteLine(JsonSerializer.Serialize(new
            {
                artifact,
                device = history.Device,
                best_epoch = history.BestEpoch,
                stopped_early = history.StoppedEarly,
                validation_metric = history.Metric,
                best_validation = history.BestValidation,
                samples_per_second = history.MedianSamplesPerSecond,
                protocol,
                metrics = metrics.Select(m => new { model = m.Model, k = m.K, recall = m.Recall, ndcg = m.Ndcg, mrr = m.Mrr, queries = m.Queries }),
                epochs = history.Epochs.Select(e => new { epoch = e.Epoch, train_loss = e.TrainLoss, validation = e.Validation, learning_rate = e.LearningRate, seconds = e.Seconds }),
                memory,
            }, new JsonSerializerOptions { WriteIndented = true }));
            return;
        }
        var table = new Table().AddColumns("model", "K", "Recall", "NDCG", "MRR", "queries");
        foreach (var m in metrics)
            table.AddRow(Markup.Escape(m.Model), m.K.ToString(CultureInfo.InvariantCulture), m.Recall.ToString("F4", CultureInfo.InvariantCulture),
                m.Ndcg.ToString("F4", CultureInfo.InvariantCulture), m.Mrr.ToString("F4", CultureInfo.InvariantCulture), m.Queries.ToString("N0", CultureInfo.InvariantCulture));
        Terminal.Err.WriteLine($"best epoch {history.BestEpoch} of {history.Epochs.Count} ({history.Metric} {history.BestValidation:F4}) on {history.Device}; protocol: {protocol}");
        Terminal.Out.Write(table);
        Terminal.Err.WriteLine($"model written to {artifact}");
        if (memory is not null)
            Terminal.Err.WriteLine("memory: " + string.Join(", ", memory.Select(kv => $"{kv.Key} {Convert.ToString(kv.Value, CultureInfo.InvariantCulture)}")));
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
