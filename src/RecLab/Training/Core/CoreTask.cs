using RecLab.Datasets;
using static TorchSharp.torch;

namespace RecLab.Training.Core;

/// <summary>CORE's training task: prefixes and next items on the device, full-softmax cross-entropy, and validation
/// MRR@20 by full ranking (the padding item excluded), RecBole's early-stopping figure.</summary>
public sealed class CoreTask : ITrainingTask, IDisposable
{
    private readonly CoreModel _model;
    private readonly Tensor _trainPrefix, _trainTarget, _validPrefix, _validTarget;
    private readonly int _validBatch;

    /// <summary>The task for <paramref name="model"/> (on <paramref name="device"/>) and <paramref name="data"/>.</summary>
    public CoreTask(CoreModel model, SessionData data, Device device, int validBatch)
    {
        _model = model;
        _validBatch = validBatch;
        (_trainPrefix, _trainTarget) = Tensors(data.Train, device);
        (_validPrefix, _validTarget) = Tensors(data.Valid, device);
    }

    /// <inheritdoc />
    public nn.Module Model => _model;

    /// <inheritdoc />
    public int TrainCount => (int)_trainTarget.shape[0];

    /// <inheritdoc />
    public string ValidationMetric => "valid_MRR@20";

    /// <inheritdoc />
    public bool HigherIsBetter => true;

    /// <summary>Prefixes [N, L] and targets [N] of <paramref name="examples"/> as int64 tensors.</summary>
    public static (Tensor Prefix, Tensor Target) Tensors(SessionExamples examples, Device device) =>
        (tensor(examples.Prefix.Select(i => (long)i).ToArray(), [examples.Count, examples.MaxLength], device: device),
         tensor(examples.Target.Select(i => (long)i).ToArray(), device: device));

    /// <inheritdoc />
    public Tensor Loss(Tensor batch) =>
        nn.functional.cross_entropy(_model.Logits(_model.forward(_trainPrefix.index_select(0, batch))), _trainTarget.index_select(0, batch));

    /// <inheritdoc />
    public double Validate() => MeanReciprocalRank(_model, _validPrefix, _validTarget, 20, _validBatch);

    /// <summary>Mean reciprocal rank at <paramref name="k"/> of <paramref name="targets"/> given <paramref name="prefixes"/>,
    /// by full ranking over the items (padding excluded); call in evaluation mode.</summary>
    public static double MeanReciprocalRank(CoreModel model, Tensor prefixes, Tensor targets, int k, int batch)
    {
        var n = prefixes.shape[0];
        double sum = 0;
        using var items = model.NormalisedItems();
        for (long start = 0; start < n; start += batch)
        {
            using var scope = NewDisposeScope();
            var size = Math.Min(batch, n - start);
            var scores = model.forward(prefixes.narrow(0, start, size)).mm(items.t());
            scores.select(1, 0).fill_(float.NegativeInfinity);
            var target = targets.narrow(0, start, size);
            // Rank = 1 + items scoring strictly higher than the target.
            var rank = scores.gt(scores.gather(1, target.unsqueeze(1))).sum(1).add(1);
            sum += rank.le(k).to_type(ScalarType.Float64).div(rank.to_type(ScalarType.Float64)).sum().item<double>();
        }
        return sum / Math.Max(1, n);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in new[] { _trainPrefix, _trainTarget, _validPrefix, _validTarget }) t.Dispose();
    }
}
