using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RecLab.Training.Core;

/// <summary>
/// One post-LayerNorm transformer layer as RecBole writes it (<c>recbole.model.layers.TransformerLayer</c>, after BERT):
/// multi-head self-attention (scores / sqrt(head width) plus an additive mask, softmax, dropout, output projection,
/// dropout, LayerNorm(x + attention)), then a feed-forward block (Linear → GELU → Linear, dropout, LayerNorm(x + ffn)).
/// Unlike PyTorch's TransformerEncoderLayer there is no dropout between the feed-forward's two linears. Shapes: input
/// [B, L, D], mask [B, 1, L, L] (0 where attending is allowed, -10000 elsewhere), output [B, L, D].
/// </summary>
public sealed class CoreTransformerLayer : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear query, key, value, dense, dense_1, dense_2;
    private readonly LayerNorm attention_norm, feed_forward_norm;
    private readonly Dropout attention_dropout, output_dropout, feed_forward_dropout;
    private readonly int _heads;

    /// <summary>A layer of width <paramref name="hidden"/> with <paramref name="heads"/> heads.</summary>
    public CoreTransformerLayer(int hidden, int heads, int inner, double hiddenDropout, double attentionDropout, double layerNormEps)
        : base("core_transformer_layer")
    {
        _heads = heads;
        query = nn.Linear(hidden, hidden);
        key = nn.Linear(hidden, hidden);
        value = nn.Linear(hidden, hidden);
        dense = nn.Linear(hidden, hidden);
        attention_norm = nn.LayerNorm(hidden, layerNormEps);
        attention_dropout = nn.Dropout(attentionDropout);
        output_dropout = nn.Dropout(hiddenDropout);
        dense_1 = nn.Linear(hidden, inner);
        dense_2 = nn.Linear(inner, hidden);
        feed_forward_norm = nn.LayerNorm(hidden, layerNormEps);
        feed_forward_dropout = nn.Dropout(hiddenDropout);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var (b, l, d) = (input.shape[0], input.shape[1], input.shape[2]);
        var headWidth = d / _heads;
        Tensor Split(Tensor x) => x.view(b, l, _heads, headWidth).permute(0, 2, 1, 3);
        var scores = Split(query.forward(input)).matmul(Split(key.forward(input)).transpose(-1, -2)).div(Math.Sqrt(headWidth)).add(mask);
        var probabilities = attention_dropout.forward(scores.softmax(-1));
        var context = probabilities.matmul(Split(value.forward(input))).permute(0, 2, 1, 3).contiguous().view(b, l, d);
        var attended = attention_norm.forward(output_dropout.forward(dense.forward(context)).add(input));
        var fed = dense_2.forward(nn.functional.gelu(dense_1.forward(attended)));
        return feed_forward_norm.forward(feed_forward_dropout.forward(fed).add(attended)).MoveToOuterDisposeScope();
    }
}
