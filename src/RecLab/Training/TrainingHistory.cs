using MathNet.Numerics.Statistics;
using Microsoft.Data.Analysis;

namespace RecLab.Training;

/// <summary>One epoch of training.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="TrainLoss">Mean training loss over the epoch's batches.</param>
/// <param name="Validation">The validation figure after the epoch.</param>
/// <param name="LearningRate">Learning rate used in the epoch.</param>
/// <param name="Seconds">Wall time of the epoch's training steps (validation excluded).</param>
/// <param name="Samples">Training examples seen in the epoch.</param>
public sealed record EpochRecord(int Epoch, double TrainLoss, double Validation, double LearningRate, double Seconds, long Samples)
{
    /// <summary>Training throughput.</summary>
    public double SamplesPerSecond => Samples / Math.Max(Seconds, 1e-9);
}

/// <summary>What a training run did, epoch by epoch, and which epoch's weights were kept.</summary>
/// <param name="Metric">Name of the validation figure.</param>
/// <param name="HigherIsBetter">Whether larger is better.</param>
/// <param name="Epochs">Epoch records.</param>
/// <param name="BestEpoch">The epoch whose weights the model holds now.</param>
/// <param name="StoppedEarly">Whether early stopping ended the run.</param>
/// <param name="Device">Device it ran on.</param>
public sealed record TrainingHistory(string Metric, bool HigherIsBetter, IReadOnlyList<EpochRecord> Epochs, int BestEpoch, bool StoppedEarly, string Device)
{
    /// <summary>The best validation figure.</summary>
    public double BestValidation => Epochs[BestEpoch - 1].Validation;

    /// <summary>Median training throughput over epochs (samples per second).</summary>
    public double MedianSamplesPerSecond => Epochs.Select(e => e.SamplesPerSecond).Median();

    /// <summary>Median wall time of an epoch's training steps, seconds.</summary>
    public double MedianEpochSeconds => Epochs.Select(e => e.Seconds).Median();

    /// <summary>The epochs as a table.</summary>
    public DataFrame ToDataFrame() => new(
        new Int32DataFrameColumn("epoch", Epochs.Select(e => e.Epoch)),
        new DoubleDataFrameColumn("train_loss", Epochs.Select(e => Math.Round(e.TrainLoss, 5))),
        new DoubleDataFrameColumn(Metric, Epochs.Select(e => Math.Round(e.Validation, 5))),
        new DoubleDataFrameColumn("learning_rate", Epochs.Select(e => e.LearningRate)),
        new DoubleDataFrameColumn("seconds", Epochs.Select(e => Math.Round(e.Seconds, 2))),
        new DoubleDataFrameColumn("samples_per_second", Epochs.Select(e => Math.Round(e.SamplesPerSecond))));
}
