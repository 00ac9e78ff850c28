using RecLab.Datasets;
using static TorchSharp.torch;

namespace RecLab.Training.Core;

/// <summary>CORE's training task: prefixes and next items on the device, full-softmax cross-entropy, and validation
/// MRR@20 by full ranking (the padding item excluded), RecBole's early-stopping figure.</summary>
/// <remarks>
/// Memory is bounded by the data size: a batch's logits over every item ([B, N] floats, 325 MB for RecBole's batch of
/// 2048 over the course-sized 39,631 items, with as many again for the softmax and each gradient) are never held whole.
/// The batch is encoded once and the item table scored once (one dropout draw each, as before); then the loss and its
/// gradient with respect to session vectors and table are computed in blocks of at most <see cref="BlockFloats"/>
/// logits, and back-propagated through encoder and table once. Validation ranks in blocks of the same size. So a
/// training step needs O(<see cref="BlockFloats"/> + B × L × D + N × D) floats whatever B × N is.
/// </remarks>
public sealed class CoreTask : ITrainingTask, IDisposable
{
    private readonly CoreModel _model;
    private readonly Tensor _trainPrefix, _trainTarget, _validPrefix, _validTarget;
    private readonly int _validBatch;
    private readonly long _blockFloats;

    /// <summary>Most logits scored at once (just under 8M floats, 32 MB: the largest block glibc's allocator still reuses instead
    /// of mapping fresh pages, so blocks cost no page faults). Batches of at most this many logits run in one pass.</summary>
    public const long BlockFloats = (1L << 23) - 1024;

    /// <summary>
    /// Bytes that training (every epoch, validation included), evaluation and export may add to what the process held
    /// before, from the data's size alone; the benchmark prints it beside the measured peak. Counted as float32 unless
    /// noted, with N = <paramref name="items"/>, T = <paramref name="tracks"/>, D the embedding width, B the batch, L the
    /// longest prefix (<see cref="CoreOptions.MaxLength"/>):
    /// <list type="bullet">
    /// <item>8 blocks of at most <see cref="BlockFloats"/> logits (scores, softmax, gradients; ranking's scores and masks);</item>
    /// <item>16 × (N + T) × D: the item table, its gradient, Adam's two moments, the dropped and normalised tables with their
    /// gradients, the best epoch's copy, the exported track table;</item>
    /// <item>the encoder's activations of one batch at the longest prefix, kept for the backward pass and matched by their
    /// gradients (× 2): CORE-ave 8 D per position; CORE-trm 8 D plus, per layer, 12 D + 3 × inner + 4 × heads × L;</item>
    /// <item>every prefix and target as int64 on the device: (<paramref name="prefixes"/>) × (L + 1) × 8 bytes.</item>
    /// </list>
    /// O(block + (N + T) × D + B × L × layer width): independent of B × N, the term that grows with the catalogue.
    /// </summary>
    public static long MemoryBound(int items, int tracks, long prefixes, int batch, CoreOptions options)
    {
        long d = options.EmbeddingSize, l = options.MaxLength;
        var perPosition = 8 * d + (options.Variant == CoreVariant.Trm ? options.Layers * (12 * d + 3L * options.InnerSize + 4L * options.Heads * l) : 0);
        var floats = 8 * BlockFloats + 16L * (items + tracks) * d + 2 * perPosition * batch * l;
        return floats * sizeof(float) + prefixes * (l + 1) * sizeof(long);
    }

    /// <summary>Rows of a [rows, <paramref name="items"/>] block of at most <paramref name="blockFloats"/> floats, at least one
    /// and at most <paramref name="batch"/>.</summary>
    public static int BlockRows(long items, int batch, long blockFloats = BlockFloats) => (int)Math.Clamp(blockFloats / Math.Max(1, items), 1, Math.Max(1, batch));

    /// <summary>The task for <paramref name="model"/> (on <paramref name="device"/>) and <paramref name="data"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="data">Prefixes and targets.</param>
    /// <param name="device">Where the data goes.</param>
    /// <param name="validBatch">Most prefixes ranked at once in validation (fewer when that exceeds the block).</param>
    /// <param name="blockFloats">Most logits held at once (<see cref="BlockFloats"/>).</param>
    public CoreTask(CoreModel model, SessionData data, Device device, int validBatch, long blockFloats = BlockFloats)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockFloats, 1);
        _model = model;
        _validBatch = validBatch;
        _blockFloats = blockFloats;
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
    public Tensor Backward(Tensor batch)
    {
        var size = (int)batch.shape[0];
        var rows = BlockRows(_model.Items, size, _blockFloats);
        var sessions = _model.forward(_trainPrefix.index_select(0, batch));
        var table = _model.ScoringTable();
        var targets = _trainTarget.index_select(0, batch);
        if (rows >= size)
        {
            var loss = nn.functional.cross_entropy(_model.Logits(sessions, table), targets);
            loss.backward();
            return loss.detach();
        }
        using var sessionLeaf = sessions.detach().requires_grad_(true);
        using var tableLeaf = table.detach().requires_grad_(true);
        var total = zeros(1, device: batch.device);
        for (var start = 0; start < size; start += rows)
        {
            using var block = NewDisposeScope();
            var n = Math.Min(rows, size - start);
            var part = nn.functional.cross_entropy(_model.Logits(sessionLeaf.narrow(0, start, n), tableLeaf), targets.narrow(0, start, n),
                reduction: nn.Reduction.Sum).div(size);
            part.backward();
            total.add_(part.detach());
        }
        autograd.backward([sessions, table], [sessionLeaf.grad!, tableLeaf.grad!]);
        return total;
    }

    /// <inheritdoc />
    public double Validate() => MeanReciprocalRank(_model, _validPrefix, _validTarget, 20, BlockRows(_model.Items, _validBatch, _blockFloats));

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
