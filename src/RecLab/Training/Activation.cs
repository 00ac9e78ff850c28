using TorchSharp;
using static TorchSharp.torch;

namespace RecLab.Training;

/// <summary>Hidden-layer activations the towers offer.</summary>
public enum Activation
{
    /// <summary>max(0, x): the course's DSSM.</summary>
    ReLU,
    /// <summary>Exponential linear unit (Clevert et al., 2016): one of the homework's improvements.</summary>
    ELU,
    /// <summary>Gaussian error linear unit (Hendrycks and Gimpel, 2016).</summary>
    GELU,
}

/// <summary>Builds small multi-layer perceptrons.</summary>
public static class Mlp
{
    /// <summary>Linear layers of widths <paramref name="input"/> → <paramref name="hidden"/>... → <paramref name="output"/>
    /// with <paramref name="activation"/> after each hidden layer (none after the last).</summary>
    public static nn.Module<Tensor, Tensor> Build(string name, int input, IReadOnlyList<int> hidden, int output, Activation activation)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        var width = input;
        for (var i = 0; i < hidden.Count; i++)
        {
            layers.Add(($"linear{i}", nn.Linear(width, hidden[i])));
            layers.Add(($"act{i}", activation switch
            {
                Activation.ELU => nn.ELU(),
                Activation.GELU => nn.GELU(),
                _ => nn.ReLU(),
            }));
            width = hidden[i];
        }
        layers.Add(("out", nn.Linear(width, output)));
        var mlp = nn.Sequential(layers);
        return mlp;
    }
}
