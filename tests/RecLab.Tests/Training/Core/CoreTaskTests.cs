using RecLab.Datasets;
using RecLab.Tests.TestSupport;
using RecLab.Training;
using RecLab.Training.Core;
using static TorchSharp.torch;

namespace RecLab.Tests.Training.Core;

[Collection(TorchCollection.Name)]
public sealed class CoreTaskTests
{
    private static readonly Lazy<SessionData> Data = new(() => SessionData.Build(TrainingLogs.Small, Worlds.Small.TrackCount));

    [Theory]
    [InlineData(CoreVariant.Ave)]
    [InlineData(CoreVariant.Trm)]
    public void Scoring_a_batch_in_blocks_gives_the_loss_and_gradients_of_one_full_softmax(CoreVariant variant)
    {
        var data = Data.Value;
        var model = CoreTraining.Create(new CoreOptions { Variant = variant, MaxLength = data.Options.MaxLength }, data.Items, 5, CPU);
        model.eval();
        using var batch = arange(300, dtype: ScalarType.Int64);
        // Blocks of 7 rows: 300 rows in 43 blocks, the last one short.
        using var blocked = new CoreTask(model, data, CPU, 512, blockFloats: 7L * data.Items);
        Assert.Equal(7, CoreTask.BlockRows(data.Items, 300, 7L * data.Items));

        var loss = blocked.Backward(batch).item<float>();
        var gradients = model.parameters().Select(p => p.grad!.clone()).ToList();
        foreach (var p in model.parameters()) p.grad!.zero_();

        // Reference: PyTorch's full-softmax cross-entropy over the whole [300, N] logits, in one pass.
        var (prefix, target) = CoreTask.Tensors(data.Train, CPU);
        var full = nn.functional.cross_entropy(model.Logits(model.forward(prefix.index_select(0, batch))), target.index_select(0, batch));
        full.backward();

        Assert.Equal(full.item<float>(), loss, 4);
        foreach (var (mine, reference) in gradients.Zip(model.parameters().Select(p => p.grad!)))
            Assert.True(mine.allclose(reference, rtol: 1e-4, atol: 1e-6), $"largest gradient difference {mine.sub(reference).abs().max().item<float>()}");
    }

    [Fact]
    public void Block_rows_keep_a_block_within_its_floats_and_between_one_row_and_the_batch()
    {
        Assert.Equal(211, CoreTask.BlockRows(39_632, 2048));
        Assert.True(211L * 39_632 <= CoreTask.BlockFloats);
        Assert.Equal(2048, CoreTask.BlockRows(4_001, 2048));
        Assert.Equal(1, CoreTask.BlockRows(10_000_000, 2048));
    }

    [Fact]
    public void The_memory_bound_does_not_grow_with_batch_times_items_beyond_the_block()
    {
        var options = new CoreOptions { Variant = CoreVariant.Ave };
        // Doubling the catalogue adds only its tables (16 × N × D floats), not another batch × N of logits.
        var small = CoreTask.MemoryBound(40_000, 50_000, 0, 2048, options);
        var large = CoreTask.MemoryBound(80_000, 50_000, 0, 2048, options);
        Assert.Equal(16L * 40_000 * 64 * sizeof(float), large - small);
    }
}
