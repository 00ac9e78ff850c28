using RecLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RecLab.Tests.Training;

[Collection(TestSupport.TorchCollection.Name)]
public sealed class TrainerTests
{
    /// <summary>A linear model whose validation figures are scripted, and which remembers its weights after each epoch.</summary>
    private sealed class ScriptedTask(double[] validation) : ITrainingTask
    {
        private readonly nn.Module<Tensor, Tensor> _model = nn.Linear(2, 1);
        private readonly Tensor _x = ones(64, 2);
        private int _epoch;

        public List<float[]> WeightsAfter { get; } = [];
        public nn.Module Model => _model;
        public int TrainCount => 64;
        public string ValidationMetric => "scripted";
        public bool HigherIsBetter => false;
        public Tensor Loss(Tensor batch) => _model.forward(_x.index_select(0, batch)).sub(3).pow(2).mean();

        public double Validate()
        {
            WeightsAfter.Add(_model.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray());
            return validation[_epoch++];
        }

        public float[] Weights() => _model.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
    }

    [Fact]
    public void Early_stopping_keeps_the_best_epochs_weights()
    {
        TorchDevices.Seed(1);
        var task = new ScriptedTask([0.5, 0.3, 0.4, 0.45, 0.2]);

        var history = Trainer.Run(task, new TrainerOptions { Epochs = 5, BatchSize = 16, EarlyStoppingPatience = 2, LearningRate = 0.1 }, CPU);

        Assert.Equal(2, history.BestEpoch);
        Assert.True(history.StoppedEarly);
        Assert.Equal(4, history.Epochs.Count);
        Assert.Equal(0.3, history.BestValidation);
        Assert.Equal(task.WeightsAfter[1], task.Weights());
        Assert.NotEqual(task.WeightsAfter[3], task.Weights());
        Assert.Equal(64, history.Epochs[0].Samples);
    }

    [Fact]
    public void The_learning_rate_halves_after_an_epoch_without_improvement()
    {
        TorchDevices.Seed(1);
        var history = Trainer.Run(new ScriptedTask([0.5, 0.6, 0.7, 0.1]), new TrainerOptions { Epochs = 4, EarlyStoppingPatience = 5, LearningRate = 0.01 }, CPU);

        Assert.Equal([0.01, 0.01, 0.01, 0.005], history.Epochs.Select(e => Math.Round(e.LearningRate, 6)));
    }

    [Fact]
    public void Epoch_permutations_are_seeded_permutations()
    {
        var a = Trainer.Permutation(1000, Rng.For(9, 1));
        var b = Trainer.Permutation(1000, Rng.For(9, 1));
        var c = Trainer.Permutation(1000, Rng.For(9, 2));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), a.Order());
    }

    [Fact]
    public void Bad_options_name_the_field()
    {
        var e = Assert.Throws<ArgumentException>(() => new TrainerOptions { BatchSize = 0 }.Validate());
        Assert.Contains("BatchSize = 0", e.Message);
    }
}
