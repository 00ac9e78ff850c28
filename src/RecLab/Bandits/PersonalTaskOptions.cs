namespace RecLab.Bandits;

/// <summary>
/// Task 4, "personal preferences, ids only": 6,040 users and 1,000 items (MovieLens-1M's users), slates of 10, with
/// probabilities from low-rank user and item latent vectors and no features, with the reference's landscape: mean
/// probability about 0.31, the best non-personalised top-10 about 3.45 positives, each user's own best top-10 about 7.5.
/// </summary>
/// <remarks>
/// <c>logit p(u, i) = b_i + Σ_k s_k u_k v_k</c> with <see cref="Rank"/>-dimensional standard Gaussian user and item
/// vectors and dimension weights decaying as <c>s_k ∝ k^-Decay</c> (rating matrices such as MovieLens have a few strong
/// and many weak factors), scaled so that the interaction has standard deviation <see cref="InteractionSpread"/>. Each
/// item's bias <c>b_i</c> is solved (Newton's method) so that its mean probability over users is
/// <see cref="MeanProbability"/> plus a small item-level spread <see cref="ItemMeanSpread"/>: users differ a lot, items on
/// average little, so only personal policies beat the non-personalised top-10. Defaults calibrated numerically; a test
/// checks the landscape.
/// </remarks>
public sealed record PersonalTaskOptions
{
    /// <summary>Users (reference: 6,040).</summary>
    public int Users { get; init; } = 6_040;

    /// <summary>Items (reference: 1,000).</summary>
    public int Items { get; init; } = 1_000;

    /// <summary>Latent dimensions.</summary>
    public int Rank { get; init; } = 8;

    /// <summary>How fast the latent dimensions' weights decay (0 = all equal).</summary>
    public double Decay { get; init; } = 1.0;

    /// <summary>Standard deviation of the interaction term in logits (sets the per-user best top-10).</summary>
    public double InteractionSpread { get; init; } = 1.06;

    /// <summary>Mean probability over users and items (reference: about 0.31).</summary>
    public double MeanProbability { get; init; } = 0.31;

    /// <summary>Standard deviation of the items' mean probabilities (sets the best non-personalised top-10).</summary>
    public double ItemMeanSpread { get; init; } = 0.0143;

    /// <summary>Builds the task from <paramref name="seed"/>.</summary>
    public ProbabilityTableEnvironment Build(ulong seed)
    {
        var seeds = new SeedSequence(seed).Child("bandits/personal");
        var weights = Enumerable.Range(1, Rank).Select(k => Math.Pow(k, -Decay)).ToArray();
        var norm = Math.Sqrt(weights.Sum(w => w * w));
        var scale = weights.Select(w => InteractionSpread * w / norm).ToArray();
        var rng = new Rng(seeds.Derive("users"));
        var u = Enumerable.Range(0, Users * Rank).Select(k => scale[k % Rank] * rng.NextGaussian()).ToArray();
        rng = new Rng(seeds.Derive("items"));
        var v = Enumerable.Range(0, Items * Rank).Select(_ => rng.NextGaussian()).ToArray();
        var targets = Enumerable.Range(0, Items).Select(_ => Math.Clamp(MeanProbability + ItemMeanSpread * rng.NextGaussian(), 0.01, 0.99)).ToArray();
        var interaction = new double[Users * Items];
        Parallel.For(0, Users, user =>
        {
            for (var i = 0; i < Items; i++)
            {
                var dot = 0.0;
                for (var r = 0; r < Rank; r++) dot += u[user * Rank + r] * v[i * Rank + r];
                interaction[user * Items + i] = dot;
            }
        });
        var bias = new double[Items];
        Parallel.For(0, Items, i =>
        {
            var b = Math.Log(targets[i] / (1 - targets[i]));
            for (var step = 0; step < 8; step++)
            {
                double mean = 0, slope = 0;
                for (var user = 0; user < Users; user++)
                {
                    var p = 1 / (1 + Math.Exp(-(b + interaction[user * Items + i])));
                    mean += p;
                    slope += p * (1 - p);
                }
                b -= (mean - targets[i] * Users) / slope;
            }
            bias[i] = b;
        });
        var probabilities = new float[Users * Items];
        for (var k = 0; k < probabilities.Length; k++) probabilities[k] = (float)(1 / (1 + Math.Exp(-(bias[k % Items] + interaction[k]))));
        return new ProbabilityTableEnvironment("task 4: personal preferences", Users, Items, probabilities);
    }
}
