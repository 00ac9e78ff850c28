using System.Text.Json;
using RecLab.Tests.TestSupport;
using RecLab.Training;
using RecLab.Training.Core;
using static TorchSharp.torch;

namespace RecLab.Tests.Training.Core;

[Collection(TorchCollection.Name)]
public sealed class CoreModelTests
{
    private static CoreModel Model(CoreVariant variant, int items = 20, int d = 8)
    {
        TorchDevices.Seed(3);
        var model = new CoreModel(new CoreOptions { Variant = variant, EmbeddingSize = d, InnerSize = 16, MaxLength = 6 }, items);
        model.eval();
        return model;
    }

    private static float[] Row(Tensor table, int row) => table[row].data<float>().ToArray();

    [Fact]
    public void CORE_ave_encodes_a_session_as_the_normalised_mean_of_its_item_embeddings()
    {
        var model = Model(CoreVariant.Ave);
        using var items = tensor(new long[] { 3, 7, 5, 0, 0, 0 }, [1, 6]);

        var session = model.forward(items).data<float>().ToArray();

        var table = model.ItemTable.detach();
        var mean = Enumerable.Range(0, 8).Select(k => (Row(table, 3)[k] + Row(table, 7)[k] + Row(table, 5)[k]) / 3.0).ToArray();
        var norm = Math.Sqrt(mean.Sum(v => v * v));
        Assert.Equal(mean.Select(v => v / norm), session.Select(v => (double)v), new Tolerance(1e-6));
    }

    [Fact]
    public void Logits_are_cosines_divided_by_the_temperature()
    {
        var model = Model(CoreVariant.Ave);
        using var items = tensor(new long[] { 2, 4, 0, 0, 0, 0 }, [1, 6]);
        using var session = model.forward(items);

        var logits = model.Logits(session).data<float>().ToArray();

        var s = session.data<float>().ToArray();
        var table = model.ItemTable.detach();
        for (var item = 0; item < 20; item++)
        {
            var v = Row(table, item);
            var cosine = s.Zip(v, (a, b) => (double)a * b).Sum() / Math.Sqrt(v.Sum(x => (double)x * x));
            Assert.Equal(cosine / 0.07, logits[item], 4);
        }
    }

    [Fact]
    public void CORE_trm_weights_ignore_padding_sum_to_one_and_trailing_padding_changes_nothing()
    {
        var model = Model(CoreVariant.Trm);
        using var padded = tensor(new long[] { 3, 9, 0, 0, 0, 0 }, [1, 6]);
        using var bare = tensor(new long[] { 3, 9 }, [1, 2]);
        using var x = model.ItemTable.detach().index_select(0, padded.flatten()).unsqueeze(0);

        var weights = model.Weights(padded, x).flatten().data<float>().ToArray();

        Assert.Equal([0f, 0f, 0f, 0f], weights[2..]);
        Assert.Equal(1f, weights[0] + weights[1], 5);
        Assert.Equal(model.forward(bare).data<float>().ToArray(), model.forward(padded).data<float>().ToArray(), new Tolerance(1e-6));
    }

    [Fact]
    public void Every_parameter_starts_uniform_within_one_over_root_d()
    {
        var model = Model(CoreVariant.Trm, items: 200, d: 16);

        var values = model.parameters().SelectMany(p => p.detach().data<float>().ToArray()).ToArray();

        Assert.All(values, v => Assert.InRange(v, -0.25f, 0.25f));
        Assert.True(values.Max() > 0.24f && values.Min() < -0.24f);
    }

    [Fact]
    public void CORE_trm_session_vectors_match_a_PyTorch_implementation_of_RecBoles_CORE()
    {
        var model = Model(CoreVariant.Trm);
        long[][] sessions = [[3, 9, 0, 0, 0, 0], [1, 2, 3, 4, 5, 6], [17, 0, 0, 0, 0, 0], [5, 5, 8, 11, 0, 0]];
        using var items = tensor(sessions.SelectMany(s => s).ToArray(), [4, 6]);

        var ours = model.forward(items).data<float>().ToArray();

        var weights = model.state_dict().ToDictionary(kv => kv.Key, kv => new { shape = kv.Value.shape, data = kv.Value.detach().data<float>().ToArray() });
        using var reference = PythonReference.Run(ReferenceScript, new { weights, items = sessions, d = 8, heads = 2, layers = 2, eps = 1e-12 });
        var theirs = reference.RootElement.EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => v.GetSingle())).ToArray();
        Assert.Equal(theirs, ours, new Tolerance(2e-5));
    }

    /// <summary>RecBole's CORE-trm forward in evaluation mode (no dropout), written out with PyTorch operations.</summary>
    private const string ReferenceScript = """
        import json, math, sys, torch
        import torch.nn.functional as F
        inp = json.load(sys.stdin)
        W = {k: torch.tensor(v["data"], dtype=torch.float32).reshape(v["shape"]) for k, v in inp["weights"].items()}
        seq = torch.tensor(inp["items"])
        d, H, eps = inp["d"], inp["heads"], inp["eps"]
        B, L = seq.shape
        mask = seq.gt(0)
        x = W["item_embedding.weight"][seq]
        h = F.layer_norm(x + W["position_embedding.weight"][torch.arange(L)], (d,), W["input_norm.weight"], W["input_norm.bias"], eps)
        ext = torch.tril(mask.unsqueeze(1).unsqueeze(2).expand((-1, -1, L, -1)))
        ext = torch.where(ext, 0.0, -10000.0)
        for i in range(inp["layers"]):
            p = f"layers.{i}."
            lin = lambda t, n: t @ W[p + n + ".weight"].T + W[p + n + ".bias"]
            split = lambda t: t.view(B, L, H, d // H).permute(0, 2, 1, 3)
            q, k, v = split(lin(h, "query")), split(lin(h, "key")), split(lin(h, "value"))
            a = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d // H) + ext, dim=-1)
            c = (a @ v).permute(0, 2, 1, 3).reshape(B, L, d)
            h1 = F.layer_norm(lin(c, "dense") + h, (d,), W[p + "attention_norm.weight"], W[p + "attention_norm.bias"], eps)
            f = lin(lin(h1, "dense_1") * 0.5 * (1.0 + torch.erf(lin(h1, "dense_1") / math.sqrt(2.0))), "dense_2")
            h = F.layer_norm(f + h1, (d,), W[p + "feed_forward_norm.weight"], W[p + "feed_forward_norm.bias"], eps)
        alpha = (h @ W["fn.weight"].T + W["fn.bias"]).to(torch.double)
        alpha = torch.where(mask.unsqueeze(-1), alpha, -9e15)
        alpha = torch.softmax(alpha, dim=1, dtype=torch.float)
        out = F.normalize((alpha * x).sum(1), dim=-1)
        print(json.dumps(out.tolist()))
        """;
}
