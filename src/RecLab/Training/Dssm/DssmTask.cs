using RecLab.Datasets;
using TorchSharp;
using static TorchSharp.torch;

namespace RecLab.Training.Dssm;

/// <summary>
/// DSSM's training task: the examples of <see cref="DssmData"/> as tensors on the device, the loss of a batch (in-batch
/// softmax or triplet), and the validation loss (fixed batches and fixed negatives, so it is comparable across epochs).
/// </summary>
public sealed class DssmTask : ITrainingTask, IDisposable
{
    private readonly DssmModel _model;
    private readonly Tensor _trainHistory, _trainTarget, _validHistory, _validTarget, _validNegative, _candidates, _logQ;
    private readonly int _validBatch;

    /// <summary>The task for <paramref name="model"/> (already on <paramref name="device"/>) and <paramref name="data"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="data">Examples.</param>
    /// <param name="device">Where tensors live.</param>
    /// <param name="validBatch">Batch size of the validation loss (the training batch size, so softmax losses compare).</param>
    /// <param name="seed">Seeds the validation negatives.</param>
    public DssmTask(DssmModel model, DssmData data, Device device, int validBatch, ulong seed)
    {
        _model = model;
        _validBatch = validBatch;
        (_trainHistory, _trainTarget) = Tensors(data.Train, model.Tracks, device);
        (_validHistory, _validTarget) = Tensors(data.Valid, model.Tracks, device);
        var rng = new Rng(seed);
        _validNegative = tensor(Enumerable.Range(0, data.Valid.Count).Select(_ => (long)data.Candidates[rng.NextInt(data.Candidates.Length)]).ToArray(), device: device);
        _candidates = tensor(data.Candidates.Select(c => (long)c).ToArray(), device: device);
        var total = (double)data.TrainPositives.Sum();
        _logQ = tensor(data.TrainPositives.Select(c => (float)Math.Log(Math.Max(c, 1) / total)).ToArray(), device: device);
    }

    /// <inheritdoc />
    public nn.Module Model => _model;

    /// <inheritdoc />
    public int TrainCount => (int)_trainTarget.shape[0];

    /// <inheritdoc />
    public string ValidationMetric => "valid_loss";

    /// <inheritdoc />
    public bool HigherIsBetter => false;

    /// <summary>Histories [N, H] (int64, padding = tracks) and targets [N] of <paramref name="examples"/>.</summary>
    public static (Tensor History, Tensor Target) Tensors(DssmExamples examples, int tracks, Device device)
    {
        var history = examples.History.Select(t => t < 0 ? (long)tracks : t).ToArray();
        return (tensor(history, [examples.Count, examples.HistoryLength], device: device),
            tensor(examples.Target.Select(t => (long)t).ToArray(), device: device));
    }

    /// <inheritdoc />
    public Tensor Loss(Tensor batch)
    {
        var targets = _trainTarget.index_select(0, batch);
        var users = _model.UserVectors(_trainHistory.index_select(0, batch));
        if (_model.Options.Loss == DssmLoss.Triplet)
        {
            var negatives = _candidates.index_select(0, randint(_candidates.shape[0], [batch.shape[0]], dtype: ScalarType.Int64, device: batch.device));
            return Triplet(users, targets, negatives);
        }
        return Softmax(users, targets, _model.Options.LogQCorrection);
    }

    /// <inheritdoc />
    public double Validate()
    {
        var n = _validTarget.shape[0];
        double sum = 0;
        long batches = 0;
        for (long start = 0; start < n; start += _validBatch)
        {
            using var scope = NewDisposeScope();
            var size = Math.Min(_validBatch, n - start);
            var users = _model.UserVectors(_validHistory.narrow(0, start, size));
            var targets = _validTarget.narrow(0, start, size);
            var loss = _model.Options.Loss == DssmLoss.Triplet
                ? Triplet(users, targets, _validNegative.narrow(0, start, size))
                : Softmax(users, targets, logQ: false);
            sum += loss.item<float>();
            batches++;
        }
        return sum / Math.Max(1, batches);
    }

    private Tensor Triplet(Tensor users, Tensor targets, Tensor negatives) =>
        nn.functional.triplet_margin_loss(users, _model.ItemVectors(targets), _model.ItemVectors(negatives), margin: _model.Options.Margin);

    /// <summary>Cross-entropy of each user against the batch's items; an item that is some other row's target too is not
    /// that row's negative.</summary>
    private Tensor Softmax(Tensor users, Tensor targets, bool logQ)
    {
        var items = _model.ItemVectors(targets);
        var logits = users.mm(items.t()).div(_model.Options.Temperature);
        if (logQ) logits = logits.sub(_logQ.index_select(0, targets).unsqueeze(0));
        var same = targets.unsqueeze(1).eq(targets.unsqueeze(0)).logical_and(eye(targets.shape[0], dtype: ScalarType.Bool, device: targets.device).logical_not());
        logits = logits.masked_fill(same, float.NegativeInfinity);
        return nn.functional.cross_entropy(logits, arange(targets.shape[0], dtype: ScalarType.Int64, device: targets.device));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in new[] { _trainHistory, _trainTarget, _validHistory, _validTarget, _validNegative, _candidates, _logQ }) t.Dispose();
    }
}
