namespace RecLab.Bandits;

/// <summary>Draws from the distributions the Bayesian policies need, on RecLab's seeded <see cref="Rng"/>.</summary>
public static class Sampling
{
    /// <summary>A Gamma(<paramref name="shape"/>, 1) draw (Marsaglia and Tsang 2000; shapes below 1 boosted by U^(1/shape)).</summary>
    public static double Gamma(ref Rng random, double shape)
    {
        if (!(shape > 0)) throw new ArgumentOutOfRangeException(nameof(shape), shape, "must be positive");
        if (shape < 1)
        {
            var boost = Math.Pow(1.0 - random.NextDouble(), 1 / shape);
            return Gamma(ref random, shape + 1) * boost;
        }
        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = random.NextGaussian();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            var u = 1.0 - random.NextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v))) return d * v;
        }
    }

    /// <summary>A Beta(<paramref name="a"/>, <paramref name="b"/>) draw, as X / (X + Y) of two Gamma draws.</summary>
    public static double Beta(ref Rng random, double a, double b)
    {
        var x = Gamma(ref random, a);
        var y = Gamma(ref random, b);
        return x + y > 0 ? x / (x + y) : 0.5;
    }
}
