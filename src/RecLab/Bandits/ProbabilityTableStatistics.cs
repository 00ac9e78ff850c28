using MathNet.Numerics.LinearAlgebra;

namespace RecLab.Bandits;

/// <summary>
/// What a response table looks like to a slate policy: the distribution of its probabilities, how good each user's best
/// items are, how many items no user tells apart, how spread the users' top-K are over the items, how much of the
/// table's variance a few directions carry, and what a policy that knew the best rank-r approximation of the table would
/// score. The course's task-4 table was described by exactly these figures, so the synthetic task 4 is checked against
/// them, and <c>reclab bandits describe</c> prints them for any table a user brings.
/// </summary>
/// <param name="Users">Users (rows).</param>
/// <param name="Items">Items (columns).</param>
/// <param name="K">Slate size the top-K figures use.</param>
/// <param name="MeanProbability">Mean over all (user, item).</param>
/// <param name="Quantiles">Quantiles of all probabilities at <see cref="QuantileLevels"/> (linear interpolation between
/// order statistics, NumPy's default).</param>
/// <param name="UserMaxQuantiles">Quantiles of each user's highest probability at <see cref="UserMaxLevels"/>.</param>
/// <param name="ConstantItems">Items with the same probability for every user.</param>
/// <param name="BestNonPersonalised">Expected positives per user of the K items with the highest mean, shown to all.</param>
/// <param name="PerUserBest">Expected positives per user of each user's own K best items (the oracle).</param>
/// <param name="DistinctTopItems">Items that are in at least one user's K best.</param>
/// <param name="MostFrequentTopItemUsers">Users whose K best hold the item that is in the most users' K best.</param>
/// <param name="SpectrumShares">After removing each item's mean: the share of the total variance carried by the first
/// 1, 10 and 20 singular directions (<see cref="SpectrumDirections"/>; those beyond the item count are left out).</param>
/// <param name="RankScores">For each rank r in <see cref="Ranks"/>: expected positives per user when each user is shown the
/// K items that score highest under the best rank-r approximation of the centred table plus the item means (r = 0: the
/// item means alone; ranks from the item count up are left out).</param>
public sealed record ProbabilityTableStatistics(
    int Users, int Items, int K, double MeanProbability, IReadOnlyList<double> Quantiles, IReadOnlyList<double> UserMaxQuantiles,
    int ConstantItems, double BestNonPersonalised, double PerUserBest, int DistinctTopItems, int MostFrequentTopItemUsers,
    IReadOnlyList<double> SpectrumShares, IReadOnlyList<double> RankScores)
{
    /// <summary>Levels of <see cref="Quantiles"/>.</summary>
    public static IReadOnlyList<double> QuantileLevels { get; } = [0.01, 0.10, 0.50, 0.90, 0.99];

    /// <summary>Levels of <see cref="UserMaxQuantiles"/>.</summary>
    public static IReadOnlyList<double> UserMaxLevels { get; } = [0.10, 0.50, 0.90];

    /// <summary>Numbers of leading directions of <see cref="SpectrumShares"/>.</summary>
    public static IReadOnlyList<int> SpectrumDirections { get; } = [1, 10, 20];

    /// <summary>Ranks of <see cref="RankScores"/>.</summary>
    public static IReadOnlyList<int> Ranks { get; } = [0, 1, 2, 4, 8, 16, 32];

    /// <summary>Computes the statistics of <paramref name="table"/> for slates of <paramref name="k"/>.</summary>
    /// <remarks>The spectrum comes from the eigen-decomposition of the items' Gram matrix XᵀX of the centred table X
    /// (MathNet), so the cost is O(users × items²) time and O(items²) memory beyond the table.</remarks>
    /// <exception cref="ArgumentException">No more items than <paramref name="k"/>.</exception>
    public static ProbabilityTableStatistics Of(ProbabilityTableEnvironment table, int k = 10)
    {
        var (users, items) = (table.Users, table.Items);
        if (items <= k) throw new ArgumentException($"the table has {items} items; top-{k} statistics need more.", nameof(table));
        var ranks = Ranks.Where(r => r < items).ToArray();
        var width = ranks[^1];
        var all = new float[(long)users * items];
        var means = new double[items];
        var userMax = new double[users];
        var (min, max) = (new float[items], new float[items]);
        Array.Fill(min, float.PositiveInfinity);
        Array.Fill(max, float.NegativeInfinity);
        for (var u = 0; u < users; u++)
        {
            var row = table.Row(u);
            row.CopyTo(all.AsSpan(u * items, items));
            var best = 0f;
            for (var i = 0; i < items; i++)
            {
                means[i] += row[i];
                min[i] = Math.Min(min[i], row[i]);
                max[i] = Math.Max(max[i], row[i]);
                best = Math.Max(best, row[i]);
            }
            userMax[u] = best;
        }
        for (var i = 0; i < items; i++) means[i] /= users;
        var mean = means.Average();
        Array.Sort(all);
        var quantiles = QuantileLevels.Select(q => Quantile(all, q)).ToArray();
        all = null;
        Array.Sort(userMax);
        var userMaxQuantiles = UserMaxLevels.Select(q => Quantile(userMax, q)).ToArray();
        var constant = Enumerable.Range(0, items).Count(i => min[i] == max[i]);

        var counts = new int[items];
        var oracle = 0.0;
        var top = new int[k];
        var scores = new double[items];
        for (var u = 0; u < users; u++)
        {
            var row = table.Row(u);
            for (var i = 0; i < items; i++) scores[i] = row[i];
            TopIndices(scores, top);
            foreach (var i in top)
            {
                counts[i]++;
                oracle += row[i];
            }
        }

        var centred = Matrix<double>.Build.Dense(users, items, (u, i) => table.Row(u)[i] - means[i]);
        var evd = centred.TransposeThisAndMultiply(centred).Evd(Symmetricity.Symmetric);
        var eigenvalues = evd.EigenValues.Select(e => Math.Max(e.Real, 0)).ToArray();
        var order = Enumerable.Range(0, items).OrderByDescending(j => eigenvalues[j]).ToArray();
        var total = eigenvalues.Sum();
        var shares = SpectrumDirections.Where(n => n <= items).Select(n => order.Take(n).Sum(j => eigenvalues[j]) / total).ToArray();
        var directions = evd.EigenVectors.SubMatrix(0, items, 0, items).Clone();
        var basis = Matrix<double>.Build.Dense(items, width, (i, r) => directions[i, order[r]]);
        var projected = centred * basis;
        var projections = Enumerable.Range(0, users * width).Select(n => projected[n / width, n % width]).ToArray();
        var directionsByItem = Enumerable.Range(0, items * width).Select(n => basis[n / width, n % width]).ToArray();
        var rankScores = ranks.Select(r => RankScore(table, means, projections, directionsByItem, r, width, k)).ToArray();

        return new ProbabilityTableStatistics(users, items, k, mean, quantiles, userMaxQuantiles, constant,
            BanditLandscape.TopSum(means, k), oracle / users, counts.Count(c => c > 0), counts.Max(), shares, rankScores);
    }

    /// <summary>Expected positives per user of the top-<paramref name="k"/> under the rank-<paramref name="rank"/>
    /// approximation: <c>means[i] + Σ_r projections[u, r] · basis[i, r]</c>, both row-major with <paramref name="width"/> per row.</summary>
    private static double RankScore(ProbabilityTableEnvironment table, double[] means, double[] projections, double[] basis, int rank, int width, int k)
    {
        var (users, items) = (table.Users, table.Items);
        var sums = new double[users];
        Parallel.For(0, users, () => (Scores: new double[items], Top: new int[k]), (u, _, buffers) =>
        {
            for (var i = 0; i < items; i++)
            {
                var s = means[i];
                for (var r = 0; r < rank; r++) s += projections[u * width + r] * basis[i * width + r];
                buffers.Scores[i] = s;
            }
            TopIndices(buffers.Scores, buffers.Top);
            var row = table.Row(u);
            foreach (var i in buffers.Top) sums[u] += row[i];
            return buffers;
        }, _ => { });
        return sums.Average();
    }

    /// <summary>The indices of the <c>top.Length</c> largest scores (ties to the lower index).</summary>
    private static void TopIndices(double[] scores, int[] top)
    {
        var k = top.Length;
        var count = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (count == k && scores[i] <= scores[top[k - 1]]) continue;
            var p = count < k ? count++ : k - 1;
            while (p > 0 && scores[top[p - 1]] < scores[i])
            {
                top[p] = top[p - 1];
                p--;
            }
            top[p] = i;
        }
    }

    /// <summary>The <paramref name="level"/> quantile of sorted <paramref name="sorted"/>, interpolating linearly between
    /// order statistics at position level × (n − 1).</summary>
    private static double Quantile<T>(T[] sorted, double level) where T : System.Numerics.INumber<T>
    {
        var position = level * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        var (a, b) = (double.CreateChecked(sorted[low]), double.CreateChecked(sorted[high]));
        return a + (position - low) * (b - a);
    }
}
