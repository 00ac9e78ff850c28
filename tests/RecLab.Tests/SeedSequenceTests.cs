namespace RecLab.Tests;

public sealed class SeedSequenceTests
{
    [Fact]
    public void Mix_is_SplitMix64_whose_first_output_from_state_zero_is_the_published_value()
    {
        // SplitMix64 reference (Vigna, splitmix64.c): seed 0 gives 0xE220A8397B1DCDAF first.
        Assert.Equal(0xE220A8397B1DCDAFUL, SeedSequence.Mix(0));
    }

    [Fact]
    public void Derived_seeds_are_stable_and_distinct_per_name()
    {
        var seeds = new SeedSequence(42);

        Assert.Equal(seeds.Derive("world"), new SeedSequence(42).Derive("world"));
        Assert.NotEqual(seeds.Derive("world"), seeds.Derive("simulation"));
        Assert.NotEqual(seeds.Derive("world"), new SeedSequence(43).Derive("world"));
        Assert.InRange(seeds.DeriveInt("x"), 0, int.MaxValue);
        Assert.Equal(seeds.Child("a").Derive("b"), new SeedSequence(seeds.Derive("a")).Derive("b"));
    }
}
