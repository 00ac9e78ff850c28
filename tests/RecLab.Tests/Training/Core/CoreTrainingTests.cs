using RecLab.Datasets;
using RecLab.Recommenders;
using RecLab.Service;
using RecLab.Tests.TestSupport;
using RecLab.Training;
using RecLab.Training.Core;
using static TorchSharp.torch;

namespace RecLab.Tests.Training.Core;

[Collection(TorchCollection.Name)]
public sealed class CoreTrainingTests
{
    private static readonly Lazy<SessionData> Data = new(() => SessionData.Build(TrainingLogs.Small, Worlds.Small.TrackCount));
    private static TrainerOptions Quick(int epochs) => CoreOptions.Trainer with { Epochs = epochs, Device = "cpu", Seed = 4, BatchSize = 512 };

    [Fact]
    public void Training_lowers_the_loss_and_raises_validation_MRR()
    {
        var run = CoreTraining.Train(Data.Value, new CoreOptions { Variant = CoreVariant.Ave }, Quick(6));

        Assert.True(run.History.Epochs[^1].TrainLoss < run.History.Epochs[0].TrainLoss * 0.9, string.Join(", ", run.History.Epochs.Select(e => e.TrainLoss)));
        Assert.True(run.History.BestValidation > run.History.Epochs[0].Validation);
        var metrics = CoreTraining.Evaluate(run, 20);
        Assert.Equal(["CORE-ave", "item-KNN", "popularity"], metrics.Select(m => m.Model));
        Assert.All(metrics, m => Assert.Equal(Data.Value.Test.Count, m.Queries));
    }

    [Fact]
    public void The_same_seed_gives_the_same_model_on_CPU()
    {
        var a = CoreTraining.Train(Data.Value, new CoreOptions { Variant = CoreVariant.Trm }, Quick(1) with { MaxBatchesPerEpoch = 5 });
        var b = CoreTraining.Train(Data.Value, new CoreOptions { Variant = CoreVariant.Trm }, Quick(1) with { MaxBatchesPerEpoch = 5 });

        Assert.Equal(a.History.Epochs[0].TrainLoss, b.History.Epochs[0].TrainLoss);
        Assert.Equal(a.Model.parameters().SelectMany(p => p.data<float>().ToArray()), b.Model.parameters().SelectMany(p => p.data<float>().ToArray()));
    }

    [Fact]
    public void An_exported_model_loads_with_identical_outputs_and_serves_sessions()
    {
        using var dir = new TempDir();
        var world = Worlds.Small;
        var run = CoreTraining.Train(Data.Value, new CoreOptions { Variant = CoreVariant.Trm }, Quick(1) with { MaxBatchesPerEpoch = 3 });

        var artifact = CoreTraining.Export(run, world, dir.File("core"));
        var (loaded, itemToTrack) = CoreTraining.Load(dir.File("core"), world);

        run.Model.eval();
        using var prefix = tensor(new long[] { 1, 2, 3, 0, 7, 0 }, [2, 3]);
        Assert.Equal(run.Model.forward(prefix).data<float>().ToArray(), loaded.forward(prefix).data<float>().ToArray());
        Assert.Equal(Data.Value.ItemToTrack, itemToTrack);
        var lists = RecommendationLists.LoadJsonLines(artifact.PathOf(ModelArtifact.TopListsFile), "user", "tracks");
        Assert.Equal(Data.Value.LastSessionUsers.Length, lists.Count);

        var user = Data.Value.LastSessionUsers[0];
        var history = new SessionHistory();
        history.Add(Data.Value.ItemToTrack[1], 1.0);
        var factory = new RecommenderFactory(world, dir.Path);
        foreach (var spec in new[] { "core:core", "core-restart:core", "core-ranked:core" })
        {
            var context = new RecommendationContext { User = user, History = history, Random = new Rng(1) };
            var track = factory.Build(spec).RecommendNext(ref context);
            Assert.True(world.IsTrack(track) && track != Data.Value.ItemToTrack[1], $"{spec} recommended {track}");
        }
    }
}
