namespace RecLab.Bandits;

/// <summary>
/// The shape of a task's probabilities at one iteration: what a random policy, the best non-personalised slate, and
/// the best slate per user (the oracle) would score, in expected positives per user. Used to calibrate the synthetic
/// tasks to the reference's and as the oracle of regret.
/// </summary>
/// <param name="Random">Expected positives of K uniformly random distinct items.</param>
/// <param name="BestNonPersonalised">The K items with the highest mean probability over users, shown to everyone.</param>
/// <param name="PerUserBest">Each user's own K best items.</param>
/// <param name="MeanProbability">Mean probability over all (user, item).</param>
public sealed record BanditLandscape(double Random, double BestNonPersonalised, double PerUserBest, double MeanProbability)
{
    /// <summary>Computes the landscape of <paramref name="environment"/> at <paramref name="iteration"/> for slates of <paramref name="k"/>.</summary>
    public static BanditLandscape Of(IBanditEnvironment environment, int k, int iteration = 1)
    {
        var (users, items) = (environment.Users, environment.Items);
        var itemMeans = new double[items];
        var perUser = new double[users];
        var total = 0.0;
        Parallel.For(0, users, () => new double[items], (u, _, local) =>
        {
            var row = new double[items];
            for (var i = 0; i < items; i++) row[i] = environment.Probability(u, i, iteration);
            for (var i = 0; i < items; i++) local[i] += row[i];
            perUser[u] = TopSum(row, k);
            return local;
        }, local =>
        {
            lock (itemMeans)
                for (var i = 0; i < items; i++) itemMeans[i] += local[i];
        });
        for (var i = 0; i < items; i++)
        {
            total += itemMeans[i];
            itemMeans[i] /= users;
        }
        var mean = total / ((double)users * items);
        return new BanditLandscape(k * mean, TopSum(itemMeans, k), perUser.Average(), mean);
    }

    /// <summary>The sum of the <paramref name="k"/> largest values.</summary>
    public static double TopSum(double[] values, int k)
    {
        var copy = values.ToArray();
        Array.Sort(copy);
        var sum = 0.0;
        for (var i = 0; i < k && i < copy.Length; i++) sum += copy[^(i + 1)];
        return sum;
    }
}
