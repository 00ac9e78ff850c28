using RecLab.Training;

namespace RecLab.Tests.Training;

public sealed class TrainingHistoryTests
{
    private static TrainingHistory With(params (double Seconds, long Samples)[] epochs) =>
        new("loss", false, epochs.Select((e, i) => new EpochRecord(i + 1, 1.0, 1.0, 1e-3, e.Seconds, e.Samples)).ToList(), 1, false, "cpu");

    [Fact]
    public void Medians_of_an_odd_number_of_epochs_are_the_middle_epoch()
    {
        var history = With((2.0, 1000), (8.0, 1000), (4.0, 1000));

        Assert.Equal(4.0, history.MedianEpochSeconds, 12);
        Assert.Equal(250.0, history.MedianSamplesPerSecond, 12);
    }

    [Fact]
    public void Medians_of_an_even_number_of_epochs_average_the_two_middle_ones()
    {
        var history = With((1.0, 1000), (10.0, 1000), (2.0, 1000), (5.0, 1000));

        Assert.Equal(3.5, history.MedianEpochSeconds, 12);
        Assert.Equal(350.0, history.MedianSamplesPerSecond, 12);
    }
}
