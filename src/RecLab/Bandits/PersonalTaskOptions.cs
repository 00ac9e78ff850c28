using MathNet.Numerics.Distributions;
using MathNet.Numerics.Interpolation;

namespace RecLab.Bandits;

/// <summary>
/// Task 4, "personal preferences, ids only": 6,040 users × 1,000 items (MovieLens-1M's users), slates of 10, no
/// features, with a synthetic table built to have the statistics of the course's real task-4 table
/// (<see cref="ProbabilityTableStatistics"/>; a test checks each one): the same quantiles of p, the same per-user best
/// items, 42 items with one probability for everyone, users' top-10 spread over about 640 items, a spectrum whose first
/// direction is the users' general level, and a table far from low rank, so that knowing the best rank-r model helps
/// slowly (rank 2: about 3.8 positives per user, rank 32: about 6.4, against 3.45 for the item means and 7.35 for the
/// oracle; the course's table: 3.69, 6.45, 3.45, 7.49). README.md ("Bandits") lists every statistic beside the real one.
/// </summary>
/// <remarks>
/// <para>How it is built. Two Gaussian latent-factor fields over (user, item): a <b>dislike</b> field of rank
/// <see cref="DislikeRank"/> with decaying dimension weights, passed through <c>−exp(−s·x)</c> so that it moves only the
/// lower tail (which items a user dislikes: variance in a few directions that does not change the user's best items),
/// and a <b>taste</b> field of rank <see cref="TasteRank"/> with equal weights, passed through <c>exp(s·x)</c> so that it
/// makes each user's few strong likes (centred, so that how strongly a user likes and how niche an item is add no
/// rank-one mean of their own). Niche items (<see cref="NicheShare"/>) get a weaker taste term and are rarely
/// anyone's favourite; users differ in how strongly they like (<see cref="TasteUserSpread"/>) and in their general level
/// (<see cref="UserLevel"/>). The sum plus noise is centred per item and mapped, by rank, onto the course table's
/// distribution of p: a monotone curve in (probit of rank, logit of p) through its 1%, 10%, 50%, 90% and 99% quantiles,
/// with tails of slopes <see cref="LowerTailSlope"/> and <see cref="UpperTailSlope"/> and one interior knot solved so that
/// the mean is <see cref="MeanProbability"/>. Last, each item's logits are shifted (Newton's method) so that its mean over
/// users is drawn from N(mean, <see cref="ItemMeanSpread"/>) below <see cref="ItemMeanCap"/>, and the mapping and the shift alternate <see cref="MappingRounds"/> times: items differ little on
/// average, so only personal policies beat the non-personalised top-10. The <see cref="ConstantItems"/> items with
/// p = <see cref="ConstantProbability"/> for everyone are then placed at random positions.</para>
/// <para>The shape parameters were fitted to the published statistics on one seed, by Nelder–Mead and then by hand, in a
/// NumPy prototype of this construction; other seeds give the same statistics within sampling noise, except the most
/// frequent top-10 item, which moves by a few hundred users. The fit could not match the variance of the first 10 and 20
/// directions (0.32 and 0.46 against 0.44 and 0.59) without making low ranks too useful.</para>
/// </remarks>
public sealed record PersonalTaskOptions
{
    /// <summary>Users (the course: 6,040).</summary>
    public int Users { get; init; } = 6_040;

    /// <summary>Items (the course: 1,000).</summary>
    public int Items { get; init; } = 1_000;

    /// <summary>Items with the same probability for every user (the course's table: 42).</summary>
    public int ConstantItems { get; init; } = 42;

    /// <summary>Their probability (the course's table: 0.345247).</summary>
    public double ConstantProbability { get; init; } = 0.345247;

    /// <summary>Mean probability over users and items (the course's table: 0.311).</summary>
    public double MeanProbability { get; init; } = 0.311;

    /// <summary>Rank of the dislike field.</summary>
    public int DislikeRank { get; init; } = 10;

    /// <summary>Decay of the dislike field's dimension weights, <c>k^-decay</c>.</summary>
    public double DislikeDecay { get; init; } = 0.5;

    /// <summary>Weight of the dislike term.</summary>
    public double DislikeWeight { get; init; } = 1.03;

    /// <summary>Sharpness s of <c>−exp(−s·x)</c>.</summary>
    public double DislikeSharpness { get; init; } = 1.0;

    /// <summary>Rank of the taste field (equal weights).</summary>
    public int TasteRank { get; init; } = 48;

    /// <summary>Weight of the taste term.</summary>
    public double TasteWeight { get; init; } = 1.38;

    /// <summary>Sharpness s of <c>exp(s·x)</c>.</summary>
    public double TasteSharpness { get; init; } = 1.03;

    /// <summary>Standard deviation of the users' log taste strength.</summary>
    public double TasteUserSpread { get; init; } = 0.4;

    /// <summary>Share of niche items.</summary>
    public double NicheShare { get; init; } = 0.6;

    /// <summary>Niche items' taste strength relative to the others.</summary>
    public double NicheScale { get; init; } = 0.2;

    /// <summary>Standard deviation of independent noise per (user, item), relative to the fields.</summary>
    public double Noise { get; init; } = 0.3;

    /// <summary>Standard deviation of the users' general level, relative to the sum's.</summary>
    public double UserLevel { get; init; } = 0.2;

    /// <summary>Slope of logit p per probit unit below the 1% quantile.</summary>
    public double LowerTailSlope { get; init; } = 1.6;

    /// <summary>Slope of logit p per probit unit above the 99% quantile.</summary>
    public double UpperTailSlope { get; init; } = 2.6;

    /// <summary>Standard deviation of the items' mean probabilities.</summary>
    public double ItemMeanSpread { get; init; } = 0.012;

    /// <summary>Largest mean probability of a non-constant item.</summary>
    public double ItemMeanCap { get; init; } = 0.343;

    /// <summary>Rounds of mapping onto the course's quantiles and shifting the item means: the shifts move the
    /// quantiles a little, the next mapping restores them and moves the means less.</summary>
    public int MappingRounds { get; init; } = 3;

    /// <summary>The course table's quantile levels and values of p that the table is mapped onto.</summary>
    public static IReadOnlyList<(double Level, double P)> CourseQuantiles { get; } =
        [(0.01, 0.0008), (0.10, 0.122), (0.50, 0.338), (0.90, 0.408), (0.99, 0.684)];

    /// <summary>Builds the task from <paramref name="seed"/>.</summary>
    public ProbabilityTableEnvironment Build(ulong seed)
    {
        var seeds = new SeedSequence(seed).Child("bandits/personal");
        var n = Items - ConstantItems;
        var cells = Users * n;
        var dislike = Field(new Rng(seeds.Derive("dislike")), DislikeRank, DislikeDecay, n);
        var taste = Field(new Rng(seeds.Derive("taste")), TasteRank, 0, n);
        var rng = new Rng(seeds.Derive("items"));
        var niche = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < NicheShare ? NicheScale : 1.0).ToArray();
        rng = new Rng(seeds.Derive("users"));
        var strength = Enumerable.Range(0, Users).Select(_ => Math.Exp(TasteUserSpread * rng.NextGaussian())).ToArray();
        var centre = Math.Exp(TasteSharpness * TasteSharpness / 2);
        Parallel.For(0, Users, u =>
        {
            for (var i = 0; i < n; i++)
            {
                var k = u * n + i;
                taste[k] = (Math.Exp(TasteSharpness * taste[k]) - centre) * niche[i] * strength[u];
                dislike[k] = -Math.Exp(-DislikeSharpness * dislike[k]);
            }
        });
        Standardise(taste);
        Standardise(dislike);
        var z = new double[cells];
        rng = new Rng(seeds.Derive("noise"));
        for (var k = 0; k < cells; k++) z[k] = DislikeWeight * dislike[k] + TasteWeight * taste[k] + Noise * rng.NextGaussian();
        var itemMean = new double[n];
        for (var k = 0; k < cells; k++) itemMean[k % n] += z[k];
        for (var k = 0; k < cells; k++) z[k] -= itemMean[k % n] / Users;
        var sd = Math.Sqrt(z.Sum(v => v * v) / cells);
        rng = new Rng(seeds.Derive("levels"));
        var level = Enumerable.Range(0, Users).Select(_ => UserLevel * sd * rng.NextGaussian()).ToArray();
        for (var k = 0; k < cells; k++) z[k] += level[k / n];

        var curve = QuantileCurve();
        var logits = MapOntoCourseQuantiles(z, curve);
        rng = new Rng(seeds.Derive("item-means"));
        var nonConstantMean = (MeanProbability * Items - ConstantProbability * ConstantItems) / n;
        var targets = Enumerable.Range(0, n).Select(_ => Math.Min(nonConstantMean + ItemMeanSpread * rng.NextGaussian(), ItemMeanCap)).ToArray();
        var bias = ItemBiases(logits, targets, n);
        for (var round = 1; round < MappingRounds; round++)
        {
            for (var k = 0; k < cells; k++) logits[k] += bias[k % n];
            logits = MapOntoCourseQuantiles(logits, curve);
            bias = ItemBiases(logits, targets, n);
        }

        rng = new Rng(seeds.Derive("columns"));
        var columns = Enumerable.Range(0, Items).ToArray();
        rng.Shuffle(columns.AsSpan());
        var probabilities = new float[(long)Users * Items];
        Parallel.For(0, Users, u =>
        {
            for (var c = 0; c < Items; c++)
            {
                var source = columns[c];
                probabilities[(long)u * Items + c] = source >= n ? (float)ConstantProbability : (float)Sigmoid(logits[u * n + source] + bias[source]);
            }
        });
        return new ProbabilityTableEnvironment("task 4: personal preferences", Users, Items, probabilities);
    }

    /// <summary>A standardised Gaussian latent-factor field <c>Σ_k w_k a_uk b_ik</c> with <c>w_k ∝ k^-decay</c>.</summary>
    private double[] Field(Rng rng, int rank, double decay, int items)
    {
        var weights = Enumerable.Range(1, rank).Select(k => Math.Pow(k, -decay)).ToArray();
        var norm = Math.Sqrt(weights.Sum(w => w * w));
        var a = Enumerable.Range(0, Users * rank).Select(k => weights[k % rank] / norm * rng.NextGaussian()).ToArray();
        var b = Enumerable.Range(0, items * rank).Select(_ => rng.NextGaussian()).ToArray();
        var field = new double[Users * items];
        Parallel.For(0, Users, u =>
        {
            for (var i = 0; i < items; i++)
            {
                var dot = 0.0;
                for (var r = 0; r < rank; r++) dot += a[u * rank + r] * b[i * rank + r];
                field[u * items + i] = dot;
            }
        });
        Standardise(field);
        return field;
    }

    private static void Standardise(double[] values)
    {
        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
        for (var k = 0; k < values.Length; k++) values[k] = (values[k] - mean) / sd;
    }

    /// <summary>Replaces each value by the logit of the course-table quantile at its rank (ties by position).</summary>
    private static double[] MapOntoCourseQuantiles(double[] z, Func<double, double> curve)
    {
        var order = Enumerable.Range(0, z.Length).ToArray();
        var keys = z.ToArray();
        Array.Sort(keys, order);
        var logits = new double[z.Length];
        Parallel.For(0, z.Length, r => logits[order[r]] = curve(Normal.InvCDF(0, 1, (r + 0.5) / z.Length)));
        return logits;
    }

    /// <summary>logit p as a function of the probit of the rank among the non-constant cells: PCHIP through the course's
    /// quantiles (levels corrected for the constant items' mass), linear tails, and an interior knot between the 10% and
    /// 50% quantiles raised until the table's mean is <see cref="MeanProbability"/>.</summary>
    private Func<double, double> QuantileCurve()
    {
        var f = (double)ConstantItems / Items;
        var knots = CourseQuantiles.Select(q => (X: Normal.InvCDF(0, 1, q.P < ConstantProbability ? q.Level / (1 - f) : (q.Level - f) / (1 - f)), Y: Logit(q.P))).ToArray();
        CubicSpline Curve(double raise)
        {
            var x = new List<double> { knots[0].X - 6, knots[0].X, knots[1].X, (knots[1].X + knots[2].X) / 2 };
            var y = new List<double> { knots[0].Y - 6 * LowerTailSlope, knots[0].Y, knots[1].Y, (knots[1].Y + knots[2].Y) / 2 + raise };
            for (var j = 2; j < knots.Length; j++)
            {
                x.Add(knots[j].X);
                y.Add(knots[j].Y);
            }
            x.Add(knots[^1].X + 6);
            y.Add(knots[^1].Y + 6 * UpperTailSlope);
            return CubicSpline.InterpolatePchipSorted(x.ToArray(), y.ToArray());
        }
        var grid = Enumerable.Range(0, 4001).Select(j => -7 + 14.0 * j / 4000).ToArray();
        var weights = grid.Select(g => Math.Exp(-g * g / 2)).ToArray();
        var total = weights.Sum();
        double Mean(double raise)
        {
            var curve = Curve(raise);
            var sum = 0.0;
            for (var j = 0; j < grid.Length; j++) sum += weights[j] * Sigmoid(curve.Interpolate(grid[j]));
            return (1 - f) * sum / total + f * ConstantProbability;
        }
        var (low, high) = (-1.0, 1.0);
        for (var step = 0; step < 50; step++)
        {
            var middle = (low + high) / 2;
            if (Mean(middle) < MeanProbability) low = middle;
            else high = middle;
        }
        var spline = Curve((low + high) / 2);
        return spline.Interpolate;
    }

    /// <summary>Per-item logit shifts so that each item's mean probability over users is its target (Newton's method).</summary>
    private double[] ItemBiases(double[] logits, double[] targets, int n)
    {
        var bias = new double[n];
        Parallel.For(0, n, i =>
        {
            var b = 0.0;
            for (var step = 0; step < 8; step++)
            {
                double mean = 0, slope = 0;
                for (var u = 0; u < Users; u++)
                {
                    var p = Sigmoid(logits[u * n + i] + b);
                    mean += p;
                    slope += p * (1 - p);
                }
                b -= (mean - targets[i] * Users) / slope;
            }
            bias[i] = b;
        });
        return bias;
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static double Logit(double p) => Math.Log(p / (1 - p));
}
