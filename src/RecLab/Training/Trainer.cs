using System.Diagnostics;
using RecLab.Notebooks;
using TorchSharp;
using static TorchSharp.torch;

namespace RecLab.Training;

/// <summary>
/// The training loop DSSM and CORE share: seeded shuffling (the epoch's permutation comes from <see cref="Rng"/>, so it
/// does not depend on the device), Adam or AdamW, reduce-on-plateau, early stopping on the task's validation figure with
/// the best epoch's weights restored at the end, one dispose scope per step, and progress per batch (a live bar inside a
/// notebook when no progress sink is given).
/// </summary>
public static class Trainer
{
    /// <summary>Trains <paramref name="task"/>'s model in place; the model ends holding the best epoch's weights.</summary>
    /// <param name="task">Model, data and loss.</param>
    /// <param name="options">Epochs, batch size, optimiser, schedule, seed.</param>
    /// <param name="device">The device the task's model and data live on.</param>
    /// <param name="progress">Per-epoch records as they complete.</param>
    /// <param name="steps">(batches done, batches planned), after each batch; null shows a live bar inside a notebook.</param>
    /// <param name="cancellation">Stops after the current batch; the best weights so far are kept.</param>
    public static TrainingHistory Run(ITrainingTask task, TrainerOptions options, Device device,
        IProgress<EpochRecord>? progress = null, IProgress<(double Done, double Total)>? steps = null, CancellationToken cancellation = default)
    {
        options.Validate();
        TorchDevices.ApplyCpuThreads();
        if (task.TrainCount < 1) throw new ArgumentException("the task has no training examples.", nameof(task));
        var model = task.Model;
        var parameters = model.parameters().ToList();
        using var optimizer = options.Optimizer == OptimizerKind.AdamW
            ? (optim.Optimizer)optim.AdamW(parameters, options.LearningRate, weight_decay: options.WeightDecay)
            : optim.Adam(parameters, options.LearningRate, weight_decay: options.WeightDecay);
        var scheduler = optim.lr_scheduler.ReduceLROnPlateau(optimizer, task.HigherIsBetter ? "max" : "min",
            factor: options.PlateauFactor, patience: options.PlateauPatience);
        var batchesPerEpoch = (task.TrainCount + options.BatchSize - 1) / options.BatchSize;
        if (options.MaxBatchesPerEpoch > 0) batchesPerEpoch = Math.Min(batchesPerEpoch, options.MaxBatchesPerEpoch);
        steps ??= NotebookProgress.TryCreate($"Training ({device.type.ToString().ToLowerInvariant()}, {task.TrainCount:N0} examples)")
            ?.For<(double Done, double Total)>(p => (p.Done, p.Total, null));
        var shuffleSeed = new SeedSequence(options.Seed).Derive("shuffle");
        TorchDevices.Seed((long)(new SeedSequence(options.Seed).Derive("dropout") >> 1));

        var epochs = new List<EpochRecord>();
        Dictionary<string, Tensor>? best = null;
        var bestEpoch = 0;
        var bestValue = double.NaN;
        var stoppedEarly = false;
        try
        {
            for (var epoch = 1; epoch <= options.Epochs && !cancellation.IsCancellationRequested; epoch++)
            {
                var learningRate = optimizer.ParamGroups.First().LearningRate;
                model.train();
                var clock = Stopwatch.StartNew();
                using var permutation = tensor(Permutation(task.TrainCount, Rng.For(shuffleSeed, epoch)), device: device);
                using var lossSum = zeros(1, device: device);
                long samples = 0;
                for (var b = 0; b < batchesPerEpoch && !cancellation.IsCancellationRequested; b++)
                {
                    using var step = NewDisposeScope();
                    var start = (long)b * options.BatchSize;
                    var size = Math.Min(options.BatchSize, task.TrainCount - start);
                    optimizer.zero_grad();
                    var loss = task.Backward(permutation.narrow(0, start, size));
                    optimizer.step();
                    lossSum.add_(loss);
                    samples += size;
                    steps?.Report(((epoch - 1) * batchesPerEpoch + b + 1, options.Epochs * batchesPerEpoch));
                }
                var seconds = clock.Elapsed.TotalSeconds;
                var trainLoss = lossSum.cpu().item<float>() / Math.Max(1, batchesPerEpoch);
                model.eval();
                double value;
                using (no_grad()) value = task.Validate();
                var record = new EpochRecord(epoch, trainLoss, value, learningRate, seconds, samples);
                epochs.Add(record);
                progress?.Report(record);
                if (double.IsNaN(value) || double.IsNaN(trainLoss))
                    throw new InvalidOperationException($"training diverged in epoch {epoch} (train loss {trainLoss}, {task.ValidationMetric} {value}); lower the learning rate.");
                if (best is null || (task.HigherIsBetter ? value > bestValue : value < bestValue))
                {
                    DisposeAll(best);
                    best = Snapshot(model);
                    bestValue = value;
                    bestEpoch = epoch;
                }
                else if (epoch - bestEpoch >= options.EarlyStoppingPatience)
                {
                    stoppedEarly = true;
                    break;
                }
                scheduler.step(value);
            }
            if (best is not null) model.load_state_dict(best);
        }
        finally
        {
            DisposeAll(best);
        }
        if (epochs.Count == 0) throw new OperationCanceledException("training was cancelled before the first epoch ended.");
        return new TrainingHistory(task.ValidationMetric, task.HigherIsBetter, epochs, bestEpoch, stoppedEarly, device.ToString());
    }

    /// <summary>A uniformly random permutation of 0 .. n - 1.</summary>
    public static long[] Permutation(int n, Rng rng)
    {
        var p = new long[n];
        for (var i = 0; i < n; i++) p[i] = i;
        rng.Shuffle<long>(p);
        return p;
    }

    private static Dictionary<string, Tensor> Snapshot(nn.Module model) =>
        model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().DetachFromDisposeScope());

    private static void DisposeAll(Dictionary<string, Tensor>? state)
    {
        if (state is null) return;
        foreach (var t in state.Values) t.Dispose();
    }
}
