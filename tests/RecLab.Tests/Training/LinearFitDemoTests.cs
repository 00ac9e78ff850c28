using RecLab.Training;

namespace RecLab.Tests.Training;

[Collection(TestSupport.TorchCollection.Name)]
public sealed class LinearFitDemoTests
{
    [Fact]
    public void A_few_Adam_steps_of_a_tiny_model_on_CPU_reduce_the_loss()
    {
        var fit = LinearFitDemo.Run("cpu", seed: 7, steps: 30, learningRate: 0.1);

        Assert.Equal("cpu", fit.Device);
        Assert.Equal(30, fit.Losses.Count);
        Assert.True(fit.Losses[^1] < fit.Losses[0] * 0.5, $"loss {fit.Losses[0]} -> {fit.Losses[^1]}");
    }

    [Fact]
    public void Enough_steps_recover_the_true_line()
    {
        var fit = LinearFitDemo.Run("cpu", seed: 7, steps: 400);

        Assert.InRange(fit.Slope, 2.95, 3.05);
        Assert.InRange(fit.Intercept, 1.95, 2.05);
        Assert.True(fit.Losses[^1] < 0.02);
    }

    [Fact]
    public void The_same_seed_gives_the_same_losses_on_CPU()
    {
        var a = LinearFitDemo.Run("cpu", seed: 11, steps: 20);
        var b = LinearFitDemo.Run("cpu", seed: 11, steps: 20);

        Assert.Equal(a.Losses, b.Losses);
    }

    [Fact]
    public void Asking_for_CUDA_where_there_is_none_names_the_problem()
    {
        if (RecLab.Platform.TorchRuntime.EnsureLoaded().CudaAvailable) return;
        var error = Assert.Throws<ArgumentException>(() => LinearFitDemo.Run("cuda", steps: 1));
        Assert.Contains("CUDA is not available", error.Message);
    }
}
