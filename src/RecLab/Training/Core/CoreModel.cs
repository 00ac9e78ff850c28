using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RecLab.Training.Core;

/// <summary>
/// CORE (Hou, Hu, Zhang and Zhao, SIGIR 2022, "CORE: Simple and Effective Session-based Recommendation within
/// Consistent Representation Space"), as RecBole implements it. One item table both encodes sessions and scores
/// candidates, so session and item vectors live in one space. Shapes, with B the batch, L the prefix length, N items:
/// <list type="bullet">
/// <item>Items [B, L] (0 = padding) → embeddings x [B, L, D] → session dropout.</item>
/// <item>Weights α [B, L, 1]: CORE-ave, 1 / (real positions) on real positions; CORE-trm, x plus position embeddings →
/// LayerNorm → dropout → transformer (causal and padding mask) → Linear(D, 1) → softmax over real positions.</item>
/// <item>Session vector = L2-normalise(Σ α x) [B, D]; logits = session · L2-normalise(item table)ᵀ / temperature [B, N],
/// with item dropout on the table in training; loss = cross-entropy over all items.</item>
/// </list>
/// Every parameter starts uniform in ±1/sqrt(D), as RecBole's <c>_reset_parameters</c> does (it overrides the
/// transformer's own initialisation).
/// </summary>
public sealed class CoreModel : nn.Module<Tensor, Tensor>
{
    private readonly Embedding item_embedding;
    private readonly Dropout session_dropout, item_dropout, input_dropout;
    private readonly Embedding? position_embedding;
    private readonly LayerNorm? input_norm;
    private readonly ModuleList<CoreTransformerLayer>? layers;
    private readonly Linear? fn;

    /// <summary>A freshly initialised model over <paramref name="items"/> items (padding included).</summary>
    public CoreModel(CoreOptions options, int items) : base("core")
    {
        options.Validate();
        Options = options;
        Items = items;
        var d = options.EmbeddingSize;
        item_embedding = nn.Embedding(items, d, padding_idx: 0);
        session_dropout = nn.Dropout(options.SessionDropout);
        item_dropout = nn.Dropout(options.ItemDropout);
        input_dropout = nn.Dropout(options.HiddenDropout);
        if (options.Variant == CoreVariant.Trm)
        {
            position_embedding = nn.Embedding(options.MaxLength, d);
            input_norm = nn.LayerNorm(d, options.LayerNormEps);
            layers = nn.ModuleList(Enumerable.Range(0, options.Layers)
                .Select(_ => new CoreTransformerLayer(d, options.Heads, options.InnerSize, options.HiddenDropout, options.AttentionDropout, options.LayerNormEps)).ToArray());
            fn = nn.Linear(d, 1);
        }
        RegisterComponents();
        var bound = 1.0 / Math.Sqrt(d);
        using var _ = no_grad();
        foreach (var p in parameters()) p.uniform_(-bound, bound);
    }

    /// <summary>The hyper-parameters.</summary>
    public CoreOptions Options { get; }

    /// <summary>Items, padding included.</summary>
    public int Items { get; }

    /// <summary>The item table [N, D] (row 0 is the padding item).</summary>
    public Tensor ItemTable => item_embedding.weight!;

    /// <summary>Position weights α [B, L, 1] of sessions <paramref name="items"/> [B, L] with embeddings <paramref name="x"/>.</summary>
    public Tensor Weights(Tensor items, Tensor x)
    {
        using var scope = NewDisposeScope();
        var real = items.gt(0);
        if (Options.Variant == CoreVariant.Ave)
        {
            var w = real.to_type(ScalarType.Float32);
            return w.div(w.sum(-1, keepdim: true)).unsqueeze(-1).MoveToOuterDisposeScope();
        }
        var length = items.shape[1];
        var positions = arange(length, dtype: ScalarType.Int64, device: items.device).unsqueeze(0).expand_as(items);
        var hidden = input_dropout.forward(input_norm!.forward(x.add(position_embedding!.forward(positions))));
        var allowed = real.unsqueeze(1).unsqueeze(2).expand(-1, -1, length, -1).tril();
        var mask = zeros_like(allowed, dtype: ScalarType.Float32).masked_fill(allowed.logical_not(), -10000f);
        foreach (var layer in layers!) hidden = layer.forward(hidden, mask);
        var alpha = fn!.forward(hidden).to_type(ScalarType.Float64).masked_fill(real.unsqueeze(-1).logical_not(), -9e15);
        return alpha.to_type(ScalarType.Float32).softmax(1).MoveToOuterDisposeScope();
    }

    /// <summary>L2-normalised session vectors [B, D] of sessions <paramref name="items"/> [B, L] (left-aligned, 0-padded).
    /// Columns after the batch's longest prefix are dropped first: with left-aligned prefixes and a causal mask, padding
    /// after the last real item never reaches a real position, so outputs are unchanged (in training only the dropout draws,
    /// which follow tensor sizes, differ) and most of the work is saved: sessions of liked tracks are a few items long,
    /// and RecBole pads every batch to 50.</summary>
    public override Tensor forward(Tensor items)
    {
        using var scope = NewDisposeScope();
        var longest = Math.Max(1, items.gt(0).sum(1).max().item<long>());
        if (longest < items.shape[1]) items = items.narrow(1, 0, longest);
        var x = session_dropout.forward(item_embedding.forward(items));
        var alpha = Weights(items, x);
        return nn.functional.normalize(alpha.mul(x).sum(1), dim: -1).MoveToOuterDisposeScope();
    }

    /// <summary>Logits [B, N] of <paramref name="sessions"/> (from <see cref="forward"/>) over every item: cosine /
    /// temperature, with item dropout on the table in training mode.</summary>
    public Tensor Logits(Tensor sessions)
    {
        using var scope = NewDisposeScope();
        return Logits(sessions, ScoringTable()).MoveToOuterDisposeScope();
    }

    /// <summary>Logits [B, N] of <paramref name="sessions"/> [B, D] against <paramref name="table"/> [N, D] (from
    /// <see cref="ScoringTable"/>): cosine / temperature.</summary>
    public Tensor Logits(Tensor sessions, Tensor table)
    {
        using var scope = NewDisposeScope();
        return sessions.mm(table.t()).div(Options.Temperature).MoveToOuterDisposeScope();
    }

    /// <summary>The item table [N, D] that scores sessions in training: item dropout (in training mode), then L2-normalised
    /// rows. One draw per batch, shared by every row of the batch.</summary>
    public Tensor ScoringTable() => nn.functional.normalize(item_dropout.forward(item_embedding.weight!), dim: -1);

    /// <summary>The L2-normalised item table [N, D] that scores candidates at evaluation.</summary>
    public Tensor NormalisedItems() => nn.functional.normalize(item_embedding.weight!.detach(), dim: -1);
}
