namespace RecLab.Bandits.OffPolicy;

/// <summary>
/// Score tables <c>users × items</c> for building behaviour and target policies in an environment whose response
/// probabilities are known: the truth itself, the truth seen through a model's error, or each item's mean (a
/// popularity model). They stand for the models a production system would act on.
/// </summary>
public static class ScoreTables
{
    /// <summary>The response probabilities at <paramref name="iteration"/>.</summary>
    public static double[] Truth(IBanditEnvironment environment, int iteration = 1)
    {
        var table = new double[environment.Users * environment.Items];
        for (var u = 0; u < environment.Users; u++)
            for (var a = 0; a < environment.Items; a++) table[u * environment.Items + a] = environment.Probability(u, a, iteration);
        return table;
    }

    /// <summary>The truth plus independent Gaussian error of standard deviation <paramref name="sigma"/> per (user, item):
    /// a personal model that is right on average and wrong in detail.</summary>
    public static double[] Noisy(IBanditEnvironment environment, double sigma, ulong seed)
    {
        if (!(sigma >= 0)) throw new ArgumentException($"sigma = {sigma}: must be non-negative.", nameof(sigma));
        var table = Truth(environment);
        var random = new Rng(seed);
        for (var i = 0; i < table.Length; i++) table[i] += sigma * random.NextGaussian();
        return table;
    }

    /// <summary>Each item's mean probability over users, the same for every user: a popularity model.</summary>
    public static double[] ItemMeans(IBanditEnvironment environment)
    {
        var truth = Truth(environment);
        var (users, items) = (environment.Users, environment.Items);
        var means = new double[items];
        for (var u = 0; u < users; u++)
            for (var a = 0; a < items; a++) means[a] += truth[u * items + a] / users;
        var table = new double[users * items];
        for (var u = 0; u < users; u++) means.CopyTo(table, u * items);
        return table;
    }
}
