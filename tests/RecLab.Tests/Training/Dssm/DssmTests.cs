using System.Text.Json.Nodes;
using RecLab.Datasets;
using RecLab.Recommenders;
using RecLab.Tests.TestSupport;
using RecLab.Training;
using RecLab.Training.Dssm;
using RecLab.World;
using static TorchSharp.torch;

namespace RecLab.Tests.Training.Dssm;

[Collection(TorchCollection.Name)]
public sealed class DssmTests
{
    private static readonly Lazy<DssmData> Data = new(() => DssmData.Build(TrainingLogs.Small, Worlds.Small.TrackCount, Worlds.Small.UserCount));
    private static TrainerOptions Quick(int epochs = 3) => DssmOptions.Trainer with { Epochs = epochs, Device = "cpu", Seed = 5, BatchSize = 256 };

    [Fact]
    public void Towers_give_unit_vectors_of_the_output_width_and_ignore_padding_and_order()
    {
        var model = DssmTraining.Create(Worlds.Small, new DssmOptions { OutputSize = 24 }, 1, CPU);
        model.eval();
        var pad = Worlds.Small.TrackCount;
        using var histories = tensor(new long[] { 3, 9, pad, pad, 9, 3, pad, pad, 3, 9, pad, pad }, [3, 4]);
        using var items = tensor(new long[] { 0, 17, 4999 });

        using var users = model.UserVectors(histories);
        using var vectors = model.ItemVectors(items);

        Assert.Equal([3L, 24], users.shape);
        Assert.Equal([3L, 24], vectors.shape);
        Assert.All(users.norm(1).data<float>().ToArray(), n => Assert.Equal(1f, n, 5));
        var u = users.data<float>().ToArray();
        Assert.Equal(u[..24], u[24..48], new FloatTolerance(1e-6f));
    }

    [Fact]
    public void The_in_batch_softmax_is_cross_entropy_over_the_batch_items_with_duplicates_masked()
    {
        var model = DssmTraining.Create(Worlds.Small, new DssmOptions { LogQCorrection = false, Temperature = 0.5 }, 2, CPU);
        using var task = new DssmTask(model, Data.Value, CPU, 256, 1);
        model.eval();
        var train = Data.Value.Train;
        var rows = Enumerable.Range(0, train.Count).Where(i => train.Target[i] == train.Target[0]).Take(2).Append(1).Append(2).ToArray();
        using var batch = tensor(rows.Select(r => (long)r).ToArray());

        var loss = task.Loss(batch).item<float>();

        var (h, t) = DssmTask.Tensors(train, Worlds.Small.TrackCount, CPU);
        var u = model.UserVectors(h.index_select(0, batch)).data<float>().ToArray();
        var v = model.ItemVectors(t.index_select(0, batch)).data<float>().ToArray();
        var targets = rows.Select(r => train.Target[r]).ToArray();
        var d = model.Options.OutputSize;
        double expected = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            double Logit(int j) => Enumerable.Range(0, d).Sum(k => (double)u[i * d + k] * v[j * d + k]) / 0.5;
            var others = Enumerable.Range(0, rows.Length).Where(j => j == i || targets[j] != targets[i]);
            expected += -Logit(i) + Math.Log(others.Sum(j => Math.Exp(Logit(j))));
        }
        Assert.Equal(expected / rows.Length, loss, 4);
    }

    [Fact]
    public void Training_lowers_both_losses_and_beats_popularity_offline()
    {
        var run = DssmTraining.Train(Worlds.Small, Data.Value, trainer: Quick(15));
        var metrics = DssmTraining.Evaluate(run, 100);

        Assert.True(run.History.Epochs[^1].TrainLoss < run.History.Epochs[0].TrainLoss * 0.9, string.Join(", ", run.History.Epochs.Select(e => e.TrainLoss)));
        Assert.True(run.History.BestValidation < run.History.Epochs[0].Validation);
        var dssm = metrics.Single(m => m.Model == "DSSM");
        var popularity = metrics.Single(m => m.Model == "popularity");
        Assert.True(dssm.Recall > popularity.Recall * 1.5, $"DSSM recall@100 {dssm.Recall}, popularity {popularity.Recall}");
    }

    [Fact]
    public void The_same_seed_gives_the_same_model_on_CPU()
    {
        var a = DssmTraining.Train(Worlds.Small, Data.Value, trainer: Quick(2));
        var b = DssmTraining.Train(Worlds.Small, Data.Value, trainer: Quick(2));

        Assert.Equal(a.History.Epochs.Select(e => e.TrainLoss), b.History.Epochs.Select(e => e.TrainLoss));
        Assert.Equal(Weights(a.Model), Weights(b.Model));
    }

    [Fact]
    public void An_exported_model_loads_with_identical_outputs_and_serves_the_courses_lists()
    {
        using var dir = new TempDir();
        var world = Worlds.Small;
        var run = DssmTraining.Train(world, Data.Value, trainer: Quick(1));

        var artifact = DssmTraining.Export(run, world, dir.File("dssm"), DssmTraining.Evaluate(run, 10));
        var loaded = DssmTraining.Load(dir.File("dssm"), world);

        using var ids = arange(world.TrackCount, dtype: ScalarType.Int64);
        run.Model.eval();
        Assert.Equal(run.Model.ItemVectors(ids).data<float>().ToArray(), loaded.ItemVectors(ids).data<float>().ToArray());
        var lists = RecommendationLists.LoadJsonLines(artifact.PathOf(ModelArtifact.TopListsFile), "user", "tracks");
        Assert.Equal((int)artifact.Metadata["users_with_history"]!, lists.Count);
        var someUser = Enumerable.Range(0, world.UserCount).First(u => lists.For(u).Length > 0);
        Assert.Equal(100, lists.For(someUser).Length);
        Assert.Equal(100, lists.For(someUser).ToArray().Distinct().Count());
        Assert.All(lists.For(someUser).ToArray(), t => Assert.True(Data.Value.IsCandidate[t]));
        var similar = RecommendationLists.LoadJsonLines(artifact.PathOf(ModelArtifact.SimilarTracksFile), "track", "recommendations");
        var track = Data.Value.Candidates[0];
        Assert.DoesNotContain(track, similar.For(track).ToArray());
        Assert.Equal("dssm", (string?)artifact.Metadata["kind"]);
        Assert.NotNull(artifact.Metadata["metrics"] as JsonArray);
        Assert.Empty(Directory.GetDirectories(dir.Path, ".*partial"));

        var factory = new RecommenderFactory(world, dir.Path);
        var context = new RecommendationContext { User = someUser, History = new RecLab.Service.SessionHistory(), Random = new Rng(1) };
        Assert.Equal(lists.For(someUser)[0], factory.Build("dssm-ranked:dssm").RecommendNext(ref context));
        Assert.Contains(factory.Build("dssm:dssm").RecommendNext(ref context), lists.For(someUser).ToArray());
    }

    [Fact]
    public void A_model_trained_on_another_world_is_refused_with_both_fingerprints()
    {
        using var dir = new TempDir();
        var run = DssmTraining.Train(Worlds.Small, Data.Value, trainer: Quick(1) with { MaxBatchesPerEpoch = 2 });
        DssmTraining.Export(run, Worlds.Small, dir.File("dssm"));
        var other = WorldGenerator.Generate(WorldOptions.Small, 8);

        var e = Assert.Throws<InvalidDataException>(() => new RecommenderFactory(other, dir.Path).Build("dssm:dssm"));

        Assert.Contains("trained on another world", e.Message);
        Assert.Contains(other.Fingerprint.ToString("x16"), e.Message);
    }

    private static float[] Weights(DssmModel model) => model.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(float obj) => 0;
    }
}
