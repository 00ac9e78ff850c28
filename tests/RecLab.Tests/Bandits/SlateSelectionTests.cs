using RecLab.Bandits;

namespace RecLab.Tests.Bandits;

public sealed class SlateSelectionTests
{
    [Fact]
    public void TopK_returns_the_best_items_best_first()
    {
        var rng = new Rng(1);
        var slate = new int[3];

        SlateSelection.TopK([0.2, 0.9, 0.1, 0.5, 0.7], slate, ref rng);

        Assert.Equal([1, 4, 3], slate);
    }

    [Fact]
    public void Ties_are_broken_at_random_not_by_id()
    {
        var rng = new Rng(2);
        var counts = new int[6];
        var slate = new int[2];
        for (var n = 0; n < 6000; n++)
        {
            SlateSelection.TopK([1, 1, 1, 1, 1, 1], slate, ref rng);
            Assert.NotEqual(slate[0], slate[1]);
            counts[slate[0]]++;
            counts[slate[1]]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 1700, 2300));
    }

    [Fact]
    public void Proportional_draws_follow_the_weights_without_replacement()
    {
        var rng = new Rng(3);
        var first = new int[3];
        var slate = new int[2];
        for (var n = 0; n < 30_000; n++)
        {
            SlateSelection.Proportional([1.0, 2.0, 7.0], slate, ref rng);
            Assert.NotEqual(slate[0], slate[1]);
            first[slate[0]]++;
        }

        // Standard errors are below 0.003: allow 0.01.
        Assert.InRange(first[0] / 30_000.0, 0.09, 0.11);
        Assert.InRange(first[1] / 30_000.0, 0.19, 0.21);
        Assert.InRange(first[2] / 30_000.0, 0.69, 0.71);
    }
}
