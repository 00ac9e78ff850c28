using System.Text.Json;
using System.Text.Json.Nodes;
using RecLab.Analysis;
using RecLab.Datasets;
using RecLab.IO;
using RecLab.Recommenders;
using RecLab.World;
using TorchSharp;
using static TorchSharp.torch;

namespace RecLab.Training.Core;

/// <summary>A trained CORE with its data and history.</summary>
/// <param name="Model">The model (best epoch's weights).</param>
/// <param name="Data">Its data.</param>
/// <param name="History">Epochs.</param>
/// <param name="Device">Where it lives.</param>
/// <param name="Trainer">Trainer options used.</param>
public sealed record CoreRun(CoreModel Model, SessionData Data, TrainingHistory History, Device Device, TrainerOptions Trainer);

/// <summary>Trains, evaluates, exports and loads CORE (see <see cref="CoreModel"/>).</summary>
public static class CoreTraining
{
    /// <summary>File mapping item ids to world tracks (int64 [items], -1 for the padding item).</summary>
    public const string ItemTracksFile = "item_tracks.npy";

    /// <summary>Writes the training prefixes and targets (int64 .npy) and <c>meta.json</c> (item count) for reference
    /// implementations (tests/reference/core_reference.py).</summary>
    public static void WriteTensors(string directory, SessionData data)
    {
        Directory.CreateDirectory(directory);
        var train = data.Train;
        NpyFile.Write<long>(Path.Combine(directory, "prefix.npy"), train.Prefix.Select(i => (long)i).ToArray(), train.Count, train.MaxLength);
        NpyFile.Write<long>(Path.Combine(directory, "target.npy"), train.Target.Select(i => (long)i).ToArray(), train.Count);
        File.WriteAllText(Path.Combine(directory, "meta.json"), $"{{\"items\": {data.Items}}}");
    }

    /// <summary>A model over <paramref name="items"/> items, initialised from <paramref name="seed"/>, on <paramref name="device"/>.</summary>
    public static CoreModel Create(CoreOptions options, int items, ulong seed, Device device)
    {
        TorchDevices.Seed((long)(new SeedSequence(seed).Derive("init") >> 1));
        var model = new CoreModel(options, items);
        model.to(device);
        return model;
    }

    /// <summary>Trains CORE on <paramref name="data"/>.</summary>
    public static CoreRun Train(SessionData data, CoreOptions? options = null, TrainerOptions? trainer = null,
        IProgress<EpochRecord>? progress = null, IProgress<(double Done, double Total)>? steps = null, CancellationToken cancellation = default)
    {
        options = (options ?? new CoreOptions()) with { MaxLength = data.Options.MaxLength };
        trainer ??= CoreOptions.Trainer;
        var device = TorchDevices.Select(trainer.Device);
        var model = Create(options, data.Items, trainer.Seed, device);
        using var task = new CoreTask(model, data, device, trainer.BatchSize);
        var history = Trainer.Run(task, trainer, device, progress, steps, cancellation);
        return new CoreRun(model, data, history, device, trainer);
    }

    /// <summary>Full-ranking Recall, MRR and NDCG at each of <paramref name="ks"/> on the test split, for CORE and, in the
    /// same harness, popularity and session item-KNN (see <see cref="SessionData.Protocol"/>).</summary>
    public static IReadOnlyList<RankingScores> Evaluate(CoreRun run, params int[] ks)
    {
        ks = ks.Length == 0 ? [20] : ks;
        var k = ks.Max();
        var data = run.Data;
        var test = data.Test;
        var name = run.Model.Options.Variant == CoreVariant.Ave ? "CORE-ave" : "CORE-trm";
        var lists = Rank(run.Model, test, k, run.Device);
        var knn = ItemKnn.Fit(data);
        var knnLists = Enumerable.Range(0, test.Count).Select(i => (IReadOnlyList<int>)knn.Recommend(test.PrefixOf(i)[^1], k)).ToList();
        var popular = Enumerable.Range(1, data.Items - 1).OrderByDescending(i => data.TrainItemCounts[i]).ThenBy(i => i).Take(k).ToArray();
        var truth = test.Target.Select(t => (IReadOnlyList<int>)new[] { t }).ToList();
        return ks.SelectMany(cut => new[]
        {
            RankingMetrics.Evaluate(name, lists, truth, cut),
            RankingMetrics.Evaluate("item-KNN", knnLists, truth, cut),
            RankingMetrics.Evaluate("popularity", test.Target.Select(_ => (IReadOnlyList<int>)popular).ToList(), truth, cut),
        }).ToList();
    }

    /// <summary>The top <paramref name="k"/> items (padding excluded) after each prefix of <paramref name="examples"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<int>> Rank(CoreModel model, SessionExamples examples, int k, Device device)
    {
        model.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var (prefix, _) = CoreTask.Tensors(examples, device);
        var sessions = SessionVectors(model, prefix);
        var candidate = Enumerable.Range(0, model.Items).Select(i => i > 0).ToArray();
        return TopK.Compute(sessions, model.NormalisedItems(), k, Similarity.Dot, candidate, batchSize: CoreTask.BlockRows(model.Items, 1024));
    }

    /// <summary>Session vectors [B, D] of prefixes [B, L], in batches (evaluation mode).</summary>
    public static Tensor SessionVectors(CoreModel model, Tensor prefixes, int batch = 4096)
    {
        TorchDevices.ApplyCpuThreads();
        using var scope = NewDisposeScope();
        var n = prefixes.shape[0];
        var parts = new List<Tensor>();
        for (long start = 0; start < n; start += batch) parts.Add(model.forward(prefixes.narrow(0, start, Math.Min(batch, n - start))));
        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Writes the artifact: weights, options, history and <paramref name="metrics"/>; the raw item table mapped to world
    /// tracks (<c>tracks.npy</c>, zero rows for tracks CORE never saw) and the item map; each user's top
    /// <paramref name="topK"/> after their latest session; each track's <paramref name="similar"/> nearest tracks.
    /// </summary>
    public static ModelArtifact Export(CoreRun run, MusicWorld world, string directory, IReadOnlyList<RankingScores>? metrics = null,
        int topK = 100, int similar = 100)
    {
        var data = run.Data;
        var model = run.Model;
        model.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var maxLength = data.Options.MaxLength;
        var users = data.LastSessionUsers;
        var prefix = new long[users.Length * maxLength];
        for (var u = 0; u < users.Length; u++)
        {
            var items = data.LastSessionOf(u);
            for (var i = 0; i < items.Length; i++) prefix[u * maxLength + i] = items[i];
        }
        var candidate = Enumerable.Range(0, model.Items).Select(i => i > 0).ToArray();
        var normalised = model.NormalisedItems();
        var rows = CoreTask.BlockRows(model.Items, 1024);
        var userLists = users.Length == 0 ? [] : TopK.Compute(SessionVectors(model, tensor(prefix, [users.Length, maxLength], device: run.Device)), normalised, topK, Similarity.Dot, candidate, batchSize: rows);
        var itemLists = TopK.Compute(normalised, normalised, similar, Similarity.Dot, candidate, i => [i], rows);
        var table = model.ItemTable.detach().cpu().data<float>().ToArray();
        var d = model.Options.EmbeddingSize;
        var tracks = new float[world.TrackCount * d];
        for (var item = 1; item < data.Items; item++) Array.Copy(table, item * d, tracks, data.ItemToTrack[item] * d, d);
        var metadata = new JsonObject
        {
            ["options"] = JsonSerializer.SerializeToNode(model.Options, ModelArtifact.Json),
            ["trainer"] = JsonSerializer.SerializeToNode(run.Trainer, ModelArtifact.Json),
            ["data"] = JsonSerializer.SerializeToNode(data.Options, ModelArtifact.Json),
            ["items"] = data.Items,
            ["protocol"] = data.Protocol,
            ["history"] = JsonSerializer.SerializeToNode(run.History, ModelArtifact.Json),
            ["metrics"] = JsonSerializer.SerializeToNode(metrics ?? [], ModelArtifact.Json),
        };
        return ModelArtifact.Write(directory, "core", world, metadata, dir =>
        {
            model.save(Path.Combine(dir, ModelArtifact.WeightsFile));
            NpyFile.Write<float>(Path.Combine(dir, ModelArtifact.TrackVectorsFile), tracks, world.TrackCount, d);
            NpyFile.Write<long>(Path.Combine(dir, ItemTracksFile), data.ItemToTrack.Select(t => (long)t).ToArray(), data.Items);
            RecommendationLists.WriteJsonLines(Path.Combine(dir, ModelArtifact.TopListsFile), "user", "tracks",
                users.Select((user, u) => (user, (IReadOnlyList<int>)userLists[u].Select(i => data.ItemToTrack[i]).ToArray())));
            RecommendationLists.WriteJsonLines(Path.Combine(dir, ModelArtifact.SimilarTracksFile), "track", "recommendations",
                Enumerable.Range(1, data.Items - 1).Select(i => (data.ItemToTrack[i], (IReadOnlyList<int>)itemLists[i].Select(j => data.ItemToTrack[j]).ToArray())));
        });
    }

    /// <summary>Loads a model written by <see cref="Export"/> for <paramref name="world"/>, with its item → track map; it
    /// gives the same outputs as the model that was saved.</summary>
    public static (CoreModel Model, int[] ItemToTrack) Load(string directory, MusicWorld world, string device = "cpu")
    {
        var artifact = ModelArtifact.Open(directory, "core");
        artifact.CheckWorld(world);
        var target = TorchDevices.Select(device);
        var items = (int)artifact.Metadata["items"]!;
        var model = Create(artifact.Read<CoreOptions>("options"), items, 0, target);
        model.load(artifact.PathOf(ModelArtifact.WeightsFile));
        model.to(target);
        model.eval();
        var (map, _) = NpyFile.ReadInt64(artifact.PathOf(ItemTracksFile));
        return (model, map.Select(v => (int)v).ToArray());
    }
}
