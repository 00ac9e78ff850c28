namespace RecLab.Bandits.OffPolicy;

/// <summary>
/// A stochastic policy over single items, written as its whole action distribution: <c>π(item | user)</c> for every
/// user and item. Off-policy estimators need the probability of any action, not just a sample, so behaviour policies
/// (which log their propensities) and target policies (which are evaluated) are both held this way. The factories
/// build the usual ones from a score table <c>users × items</c> (for example a model's estimates).
/// </summary>
public sealed class TabularPolicy
{
    private readonly double[] _p;

    /// <summary>A policy from its probability table, row-major <c>users × items</c>; each row must sum to 1.</summary>
    /// <exception cref="ArgumentException">A negative probability or a row that does not sum to 1 (within 1e-9); the
    /// message names the user.</exception>
    public TabularPolicy(string name, int users, int items, double[] probabilities)
    {
        if (users < 1 || items < 1) throw new ArgumentException($"policy '{name}': users = {users}, items = {items}: both must be positive.");
        if (probabilities.Length != users * items)
            throw new ArgumentException($"policy '{name}': {probabilities.Length} probabilities for {users} users × {items} items.", nameof(probabilities));
        for (var u = 0; u < users; u++)
        {
            var row = probabilities.AsSpan(u * items, items);
            var sum = 0.0;
            foreach (var p in row)
            {
                if (!(p >= 0)) throw new ArgumentException($"policy '{name}': user {u} has probability {p}; probabilities must be non-negative.", nameof(probabilities));
                sum += p;
            }
            if (Math.Abs(sum - 1) > 1e-9) throw new ArgumentException($"policy '{name}': user {u}'s probabilities sum to {sum}, not 1.", nameof(probabilities));
        }
        (Name, Users, Items, _p) = (name, users, items, probabilities);
    }

    /// <summary>Name for reports.</summary>
    public string Name { get; }

    /// <summary>Users (contexts).</summary>
    public int Users { get; }

    /// <summary>Items (actions).</summary>
    public int Items { get; }

    /// <summary>π(<paramref name="item"/> | <paramref name="user"/>).</summary>
    public double Probability(int user, int item) => _p[user * Items + item];

    /// <summary>The distribution of <paramref name="user"/>.</summary>
    public ReadOnlySpan<double> Row(int user) => _p.AsSpan(user * Items, Items);

    /// <summary>Draws an item for <paramref name="user"/>.</summary>
    public int Sample(int user, ref Rng random)
    {
        var u = random.NextDouble();
        var row = Row(user);
        for (var a = 0; a < row.Length; a++)
        {
            u -= row[a];
            if (u < 0) return a;
        }
        for (var a = row.Length - 1; a >= 0; a--) if (row[a] > 0) return a;
        return row.Length - 1;
    }

    /// <summary>Always the highest-scoring item (ties to the lowest id): a deterministic target policy.</summary>
    public static TabularPolicy Greedy(string name, int users, int items, double[] scores) => EpsilonGreedy(name, users, items, scores, 0);

    /// <summary>The highest-scoring item with probability <c>1 − ε</c>, otherwise an item uniformly at random (which may be
    /// the best one too): propensity <c>1 − ε + ε/K</c> for the best item, <c>ε/K</c> for the others.</summary>
    public static TabularPolicy EpsilonGreedy(string name, int users, int items, double[] scores, double epsilon)
    {
        if (!(epsilon >= 0 && epsilon <= 1)) throw new ArgumentException($"policy '{name}': epsilon = {epsilon}: must be in [0, 1].", nameof(epsilon));
        Check(name, users, items, scores);
        var p = new double[users * items];
        for (var u = 0; u < users; u++)
        {
            var row = scores.AsSpan(u * items, items);
            var best = 0;
            for (var a = 1; a < items; a++) if (row[a] > row[best]) best = a;
            for (var a = 0; a < items; a++) p[u * items + a] = epsilon / items + (a == best ? 1 - epsilon : 0);
        }
        return new TabularPolicy(name, users, items, p);
    }

    /// <summary>Softmax (Boltzmann) over scores at <paramref name="temperature"/>: <c>π(a) ∝ exp(score(a) / T)</c>.</summary>
    public static TabularPolicy Softmax(string name, int users, int items, double[] scores, double temperature)
    {
        if (!(temperature > 0)) throw new ArgumentException($"policy '{name}': temperature = {temperature}: must be positive.", nameof(temperature));
        Check(name, users, items, scores);
        var p = new double[users * items];
        for (var u = 0; u < users; u++)
        {
            var row = scores.AsSpan(u * items, items);
            var max = double.NegativeInfinity;
            foreach (var s in row) max = Math.Max(max, s);
            var sum = 0.0;
            for (var a = 0; a < items; a++) sum += p[u * items + a] = Math.Exp((row[a] - max) / temperature);
            for (var a = 0; a < items; a++) p[u * items + a] /= sum;
        }
        return new TabularPolicy(name, users, items, p);
    }

    /// <summary>Thompson sampling from Beta(<c>1 + successes</c>, <c>1 + failures</c>) posteriors per (user, item): the
    /// item whose posterior draw is highest. Its propensities have no closed form, so they are estimated by drawing
    /// <paramref name="draws"/> posterior samples per user and counting the winners (as logging systems do), with one
    /// pseudo-count spread over all items so that no item the policy can play gets propensity 0.</summary>
    public static TabularPolicy Thompson(string name, int users, int items, double[] successes, double[] failures, int draws, ulong seed)
    {
        if (draws < 1) throw new ArgumentException($"policy '{name}': draws = {draws}: must be positive.", nameof(draws));
        Check(name, users, items, successes);
        Check(name, users, items, failures);
        var p = new double[users * items];
        for (var u = 0; u < users; u++)
        {
            var random = Rng.For(seed, u);
            var wins = new double[items];
            for (var d = 0; d < draws; d++)
            {
                var (best, top) = (0, double.NegativeInfinity);
                for (var a = 0; a < items; a++)
                {
                    var x = Sampling.Beta(ref random, 1 + successes[u * items + a], 1 + failures[u * items + a]);
                    if (x > top) (best, top) = (a, x);
                }
                wins[best]++;
            }
            for (var a = 0; a < items; a++) p[u * items + a] = (wins[a] + 1.0 / items) / (draws + 1);
        }
        return new TabularPolicy(name, users, items, p);
    }

    private static void Check(string name, int users, int items, double[] table)
    {
        if (table.Length != users * items)
            throw new ArgumentException($"policy '{name}': a table of {table.Length} values for {users} users × {items} items.", nameof(table));
    }
}
