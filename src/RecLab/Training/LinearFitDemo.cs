using TorchSharp;
using static TorchSharp.torch;

namespace RecLab.Training;

/// <summary>The outcome of <see cref="LinearFitDemo.Run"/>.</summary>
/// <param name="Device">Device it ran on.</param>
/// <param name="Losses">Mean squared error after each step.</param>
/// <param name="Slope">Fitted slope (true value 3).</param>
/// <param name="Intercept">Fitted intercept (true value 2).</param>
public sealed record LinearFitResult(string Device, IReadOnlyList<double> Losses, double Slope, double Intercept);

/// <summary>
/// The smallest real TorchSharp job: fit <c>y = 3x + 2 + noise</c> with one <c>Linear(1, 1)</c> layer and Adam. Shows
/// that the native backend loads, autograd and the optimiser work, and on which device, in well under a second.
/// </summary>
public static class LinearFitDemo
{
    /// <summary>Runs <paramref name="steps"/> full-batch Adam steps on 256 seeded points.</summary>
    /// <param name="device">Device name (see <see cref="TorchDevices.Select"/>).</param>
    /// <param name="seed">Seeds the data and the initial weights.</param>
    /// <param name="steps">Optimisation steps.</param>
    /// <param name="learningRate">Adam's learning rate.</param>
    public static LinearFitResult Run(string device = "auto", long seed = 42, int steps = 200, double learningRate = 0.05)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var target = TorchDevices.Select(device);
        TorchDevices.Seed(seed);
        using var scope = NewDisposeScope();
        var x = rand(256, 1).mul(4).sub(2).to(target);
        var y = x.mul(3).add(2).add(randn(256, 1).mul(0.1).to(target));
        using var model = nn.Linear(1, 1);
        model.to(target);
        using var optimizer = optim.Adam(model.parameters(), learningRate);
        var losses = new List<double>(steps);
        for (var step = 0; step < steps; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.mse_loss(model.forward(x), y);
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }
        return new LinearFitResult(target.ToString(), losses, model.weight!.cpu().item<float>(), model.bias!.cpu().item<float>());
    }
}
