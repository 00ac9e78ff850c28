namespace RecLab.Bandits;

/// <summary>
/// Task 2, "context": users and items with 4 numeric features each and a non-linear response model. The reference
/// used a gradient-boosting model over MovieLens features (not public); this is a seeded stand-in with the same
/// landscape: a random policy scores about 0.52, the best single item about 0.89, each user's best item about 0.93.
/// </summary>
/// <remarks>
/// <c>logit p(u, i) = b_i + Scale · φ(x_u)·y_i</c>: <c>φ</c> maps a user's features non-linearly
/// (<c>tanh(x1 x2)</c>, <c>tanh(x2)</c>, <c>(x3² - 1)/√2</c>, <c>tanh(x4 + x2)</c>, each standardised), <c>y_i</c> are the
/// item's features and <c>b_i</c> an item bias. One item (the "hit") gets the bias that makes its mean probability
/// <see cref="HitMean"/>; the others get random biases shifted so that the mean over all items is <see cref="RandomMean"/>;
/// <c>Scale</c> is the one at which each user's best item averages <see cref="PerUserBest"/>. All three are solved by
/// bisection for each seed, so the landscape does not depend on the seed's luck. A test checks it.
/// </remarks>
public sealed record ContextTaskOptions
{
    /// <summary>Users (reference: 3,000).</summary>
    public int Users { get; init; } = 3_000;

    /// <summary>Items (reference: 10).</summary>
    public int Items { get; init; } = 10;

    /// <summary>Features per user and per item (reference: 4).</summary>
    public int Features { get; init; } = 4;

    /// <summary>Mean probability of the best single item (reference: about 0.89).</summary>
    public double HitMean { get; init; } = 0.89;

    /// <summary>Mean probability over all items, what a random policy scores (reference: about 0.52).</summary>
    public double RandomMean { get; init; } = 0.52;

    /// <summary>Mean over users of their best item's probability (reference: about 0.93).</summary>
    public double PerUserBest { get; init; } = 0.93;

    /// <summary>Spread of the other items' logit biases.</summary>
    public double BiasSpread { get; init; } = 1.0;

    /// <summary>Builds the task from <paramref name="seed"/>.</summary>
    public ProbabilityTableEnvironment Build(ulong seed)
    {
        if (Features < 1 || Users < 2 || Items < 2) throw new ArgumentException("ContextTaskOptions: needs at least 1 feature, 2 users and 2 items.");
        var seeds = new SeedSequence(seed).Child("bandits/context");
        var rng = new Rng(seeds.Derive("features"));
        var f = Features;
        var x = Enumerable.Range(0, Users * f).Select(_ => rng.NextGaussian()).ToArray();
        var y = Enumerable.Range(0, Items * f).Select(_ => rng.NextGaussian()).ToArray();
        var phi = UserMap(x, f);
        var g = new double[Users * Items];
        for (var u = 0; u < Users; u++)
            for (var i = 0; i < Items; i++)
            {
                var dot = 0.0;
                for (var j = 0; j < f; j++) dot += phi[u * f + j] * y[i * f + j];
                g[u * Items + i] = dot / Math.Sqrt(f);
            }
        rng = new Rng(seeds.Derive("biases"));
        var hit = rng.NextInt(Items);
        var spread = Enumerable.Range(0, Items).Select(_ => BiasSpread * rng.NextGaussian()).ToArray();
        float[] Table(double scale)
        {
            double ItemMean(int item, double bias)
            {
                var sum = 0.0;
                for (var u = 0; u < Users; u++) sum += 1 / (1 + Math.Exp(-(bias + scale * g[u * Items + item])));
                return sum / Users;
            }
            var hitBias = Bisect(b => ItemMean(hit, b) - HitMean, -20, 20, 40);
            var shift = Bisect(d => (HitMean + Enumerable.Range(0, Items).Where(i => i != hit).Sum(i => ItemMean(i, d + spread[i]))) / Items - RandomMean, -20, 20, 40);
            var bias = Enumerable.Range(0, Items).Select(i => i == hit ? hitBias : shift + spread[i]).ToArray();
            var table = new float[Users * Items];
            for (var k = 0; k < table.Length; k++) table[k] = (float)(1 / (1 + Math.Exp(-(bias[k % Items] + scale * g[k]))));
            return table;
        }
        double BestPerUser(float[] table)
        {
            var sum = 0.0;
            for (var u = 0; u < Users; u++)
            {
                var best = 0f;
                for (var i = 0; i < Items; i++) best = Math.Max(best, table[u * Items + i]);
                sum += best;
            }
            return sum / Users;
        }
        var p = Table(Bisect(scale => BestPerUser(Table(scale)) - PerUserBest, 0, 8, 24));
        return new ProbabilityTableEnvironment("task 2: context", Users, Items, p, x, f, y, f);
    }

    /// <summary>The non-linear user map φ, each column standardised.</summary>
    private double[] UserMap(double[] x, int f)
    {
        var phi = new double[Users * f];
        for (var u = 0; u < Users; u++)
        {
            var row = x.AsSpan(u * f, f);
            for (var j = 0; j < f; j++)
                phi[u * f + j] = (j % 4) switch
                {
                    0 => Math.Tanh(row[j] * row[(j + 1) % f]),
                    1 => Math.Tanh(row[j]),
                    2 => (row[j] * row[j] - 1) / Math.Sqrt(2),
                    _ => Math.Tanh(row[j] + row[(j + 2) % f]),
                };
        }
        for (var j = 0; j < f; j++)
        {
            var column = Enumerable.Range(0, Users).Select(u => phi[u * f + j]).ToArray();
            var mean = column.Average();
            var sd = Math.Sqrt(column.Select(v => (v - mean) * (v - mean)).Average());
            for (var u = 0; u < Users; u++) phi[u * f + j] = sd > 0 ? (phi[u * f + j] - mean) / sd : 0;
        }
        return phi;
    }

    /// <summary>The root of an increasing function on [low, high], by bisection (the nearest end when there is none).</summary>
    private static double Bisect(Func<double, double> f, double low, double high, int steps)
    {
        for (var i = 0; i < steps; i++)
        {
            var mid = (low + high) / 2;
            if (f(mid) < 0) low = mid;
            else high = mid;
        }
        return (low + high) / 2;
    }
}
