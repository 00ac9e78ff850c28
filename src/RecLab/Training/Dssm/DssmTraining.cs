using System.Text.Json;
using System.Text.Json.Nodes;
using RecLab.Analysis;
using RecLab.Datasets;
using RecLab.IO;
using RecLab.Recommenders;
using RecLab.World;
using TorchSharp;
using static TorchSharp.torch;

namespace RecLab.Training.Dssm;

/// <summary>A trained DSSM with what it was trained on and how it did.</summary>
/// <param name="Model">The model (on <paramref name="Device"/>, holding the best epoch's weights).</param>
/// <param name="Data">Its data.</param>
/// <param name="History">Epochs.</param>
/// <param name="Device">Where it lives.</param>
/// <param name="Trainer">The trainer options used.</param>
public sealed record DssmRun(DssmModel Model, DssmData Data, TrainingHistory History, Device Device, TrainerOptions Trainer);

/// <summary>Trains, evaluates, exports and loads DSSM (see <see cref="DssmModel"/>).</summary>
public static class DssmTraining
{
    /// <summary>Writes what DSSM trains on as .npy files for reference implementations (tests/reference/dssm_reference.py):
    /// histories and targets of the training split (int64, padding = tracks), the log item frequencies, and the item
    /// features (artist, genre, scaled log popularity), plus <c>meta.json</c> with the table sizes.</summary>
    public static void WriteTensors(string directory, MusicWorld world, DssmData data)
    {
        Directory.CreateDirectory(directory);
        var (_, artists, genres, popularity) = Features(world);
        var train = data.Train;
        NpyFile.Write<long>(Path.Combine(directory, "history.npy"), train.History.Select(t => t < 0 ? (long)world.TrackCount : t).ToArray(), train.Count, train.HistoryLength);
        NpyFile.Write<long>(Path.Combine(directory, "target.npy"), train.Target.Select(t => (long)t).ToArray(), train.Count);
        var total = (double)data.TrainPositives.Sum();
        NpyFile.Write<float>(Path.Combine(directory, "logq.npy"), data.TrainPositives.Select(c => (float)Math.Log(Math.Max(c, 1) / total)).ToArray(), world.TrackCount);
        NpyFile.Write<long>(Path.Combine(directory, "track_artist.npy"), artists.Select(a => (long)a).ToArray(), world.TrackCount);
        NpyFile.Write<long>(Path.Combine(directory, "track_genre.npy"), genres.Select(g => (long)g).ToArray(), world.TrackCount);
        NpyFile.Write<float>(Path.Combine(directory, "popularity.npy"), popularity, world.TrackCount);
        File.WriteAllText(Path.Combine(directory, "meta.json"), $"{{\"artists\": {world.ArtistCount}, \"genres\": {world.Genres.Count}, \"tracks\": {world.TrackCount}}}");
    }

    private static (int Tracks, int[] Artists, int[] Genres, float[] Popularity) Features(MusicWorld world)
    {
        var genres = Enumerable.Range(0, world.TrackCount).Select(world.GenreOf).ToArray();
        var artists = Enumerable.Range(0, world.TrackCount).Select(world.ArtistOf).ToArray();
        var logPopularity = Enumerable.Range(0, world.TrackCount).Select(t => Math.Log(1 + world.PopularityOf(t))).ToArray();
        var max = Math.Max(1e-9, logPopularity.Max());
        return (world.TrackCount, artists, genres, logPopularity.Select(p => (float)(p / max)).ToArray());
    }

    /// <summary>A model for <paramref name="world"/>'s tracks, initialised from <paramref name="seed"/>, on <paramref name="device"/>.</summary>
    public static DssmModel Create(MusicWorld world, DssmOptions options, ulong seed, Device device)
    {
        TorchDevices.Seed((long)(new SeedSequence(seed).Derive("init") >> 1));
        var (_, artists, genres, popularity) = Features(world);
        var model = new DssmModel(options, artists, world.ArtistCount, genres, world.Genres.Count, popularity);
        model.to(device);
        return model;
    }

    /// <summary>Trains a DSSM on <paramref name="data"/>.</summary>
    public static DssmRun Train(MusicWorld world, DssmData data, DssmOptions? options = null, TrainerOptions? trainer = null,
        IProgress<EpochRecord>? progress = null, IProgress<(double Done, double Total)>? steps = null, CancellationToken cancellation = default)
    {
        options ??= new DssmOptions();
        trainer ??= DssmOptions.Trainer;
        var device = TorchDevices.Select(trainer.Device);
        var model = Create(world, options, trainer.Seed, device);
        using var task = new DssmTask(model, data, device, trainer.BatchSize, new SeedSequence(trainer.Seed).Derive("valid-negatives"));
        var history = Trainer.Run(task, trainer, device, progress, steps, cancellation);
        return new DssmRun(model, data, history, device, trainer);
    }

    /// <summary>Every track's vector [tracks, D] and every user's vector from <paramref name="histories"/> ([users × H], -1 padded).</summary>
    public static (Tensor Tracks, Tensor Users) Vectors(DssmModel model, int[] histories, int historyLength, Device device)
    {
        TorchDevices.ApplyCpuThreads();
        using var scope = NewDisposeScope();
        model.eval();
        using var _ = no_grad();
        var users = histories.Length / historyLength;
        var ids = arange(model.Tracks, dtype: ScalarType.Int64, device: device);
        var tracks = cat(Enumerable.Range(0, (model.Tracks + 4095) / 4096)
            .Select(b => model.ItemVectors(ids.narrow(0, b * 4096L, Math.Min(4096L, model.Tracks - b * 4096L)))).ToList(), 0);
        var rows = tensor(histories.Select(t => t < 0 ? (long)model.Tracks : t).ToArray(), [users, historyLength], device: device);
        var userVectors = cat(Enumerable.Range(0, (users + 4095) / 4096)
            .Select(b => model.UserVectors(rows.narrow(0, b * 4096L, Math.Min(4096L, users - b * 4096L)))).ToList(), 0);
        return (tracks.MoveToOuterDisposeScope(), userVectors.MoveToOuterDisposeScope());
    }

    /// <summary>Recall, NDCG and MRR at each of <paramref name="ks"/> on the test split, for DSSM and the popularity
    /// baseline, per user: the query is the user's last training positives, the relevant set their distinct test
    /// positives (see <see cref="DssmData.Protocol"/>).</summary>
    public static IReadOnlyList<RankingScores> Evaluate(DssmRun run, params int[] ks)
    {
        ks = ks.Length == 0 ? [10, 100] : ks;
        var data = run.Data;
        var relevant = new Dictionary<int, HashSet<int>>();
        for (var i = 0; i < data.Test.Count; i++)
        {
            if (!relevant.TryGetValue(data.Test.User[i], out var set)) relevant[data.Test.User[i]] = set = [];
            set.Add(data.Test.Target[i]);
        }
        var users = relevant.Keys.Order().ToArray();
        var h = data.Options.HistoryLength;
        var histories = users.SelectMany(u => data.EvalHistory.AsSpan(u * h, h).ToArray()).ToArray();
        var (tracks, userVectors) = Vectors(run.Model, histories, h, run.Device);
        using (tracks)
        using (userVectors)
        {
            var lists = TopK.Compute(userVectors, tracks, ks.Max(), SimilarityOf(run.Model), data.IsCandidate);
            var popular = data.Candidates.OrderByDescending(t => data.TrainPositives[t]).ThenBy(t => t).Take(ks.Max()).ToArray();
            var truth = users.Select(u => (IReadOnlyList<int>)relevant[u].ToArray()).ToList();
            return ks.SelectMany(k => new[]
            {
                RankingMetrics.Evaluate("DSSM", lists, truth, k),
                RankingMetrics.Evaluate("popularity", users.Select(_ => (IReadOnlyList<int>)popular).ToList(), truth, k),
            }).ToList();
        }
    }

    /// <summary>The geometry <paramref name="model"/>'s loss trained.</summary>
    public static Similarity SimilarityOf(DssmModel model) => model.Normalised ? Similarity.Dot : Similarity.NegativeL2;

    /// <summary>
    /// Writes the artifact: weights, options, history and <paramref name="metrics"/>; track and user vectors; each user's
    /// top <paramref name="topK"/> by the trained metric over the candidates from their latest positives (optionally
    /// without tracks they already liked); each track's <paramref name="similar"/> most similar tracks (item tower).
    /// </summary>
    public static ModelArtifact Export(DssmRun run, MusicWorld world, string directory, IReadOnlyList<RankingScores>? metrics = null,
        int topK = 100, bool excludeHeard = false, int similar = 100)
    {
        var data = run.Data;
        var h = data.Options.HistoryLength;
        var (tracks, users) = Vectors(run.Model, data.ServeHistory, h, run.Device);
        using (tracks)
        using (users)
        {
            var similarity = SimilarityOf(run.Model);
            var userLists = TopK.Compute(users, tracks, topK, similarity, data.IsCandidate,
                excludeHeard ? u => data.ServeHistory.AsSpan(u * h, h).ToArray().Where(t => t >= 0) : null);
            var trackLists = TopK.Compute(tracks, tracks, similar, similarity, data.IsCandidate, t => [t]);
            var metadata = new JsonObject
            {
                ["options"] = JsonSerializer.SerializeToNode(run.Model.Options, ModelArtifact.Json),
                ["trainer"] = JsonSerializer.SerializeToNode(run.Trainer, ModelArtifact.Json),
                ["data"] = JsonSerializer.SerializeToNode(data.Options, ModelArtifact.Json),
                ["protocol"] = data.Protocol,
                ["history"] = JsonSerializer.SerializeToNode(run.History, ModelArtifact.Json),
                ["metrics"] = JsonSerializer.SerializeToNode(metrics ?? [], ModelArtifact.Json),
                ["exclude_heard"] = excludeHeard,
                ["users_with_history"] = Enumerable.Range(0, data.UserCount).Count(u => data.ServeHistory[u * h] >= 0),
            };
            var trackMatrix = tracks.cpu().data<float>().ToArray();
            var userMatrix = users.cpu().data<float>().ToArray();
            return ModelArtifact.Write(directory, "dssm", world, metadata, dir =>
            {
                run.Model.save(Path.Combine(dir, ModelArtifact.WeightsFile));
                NpyFile.WriteMatrix(Path.Combine(dir, ModelArtifact.TrackVectorsFile), trackMatrix, world.TrackCount, (int)tracks.shape[1]);
                NpyFile.WriteMatrix(Path.Combine(dir, ModelArtifact.UserVectorsFile), userMatrix, data.UserCount, (int)users.shape[1]);
                RecommendationLists.WriteJsonLines(Path.Combine(dir, ModelArtifact.TopListsFile), "user", "tracks",
                    Enumerable.Range(0, data.UserCount).Where(u => data.ServeHistory[u * h] >= 0).Select(u => (u, (IReadOnlyList<int>)userLists[u])));
                RecommendationLists.WriteJsonLines(Path.Combine(dir, ModelArtifact.SimilarTracksFile), "track", "recommendations",
                    data.Candidates.Select(t => (t, (IReadOnlyList<int>)trackLists[t])));
            });
        }
    }

    /// <summary>Loads a model from an artifact written by <see cref="Export"/> for <paramref name="world"/>; it gives the
    /// same outputs as the model that was saved.</summary>
    public static DssmModel Load(string directory, MusicWorld world, string device = "cpu")
    {
        var artifact = ModelArtifact.Open(directory, "dssm");
        artifact.CheckWorld(world);
        var target = TorchDevices.Select(device);
        var model = Create(world, artifact.Read<DssmOptions>("options"), 0, target);
        model.load(artifact.PathOf(ModelArtifact.WeightsFile));
        model.to(target);
        model.eval();
        return model;
    }
}
