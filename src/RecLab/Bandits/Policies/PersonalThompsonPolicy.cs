namespace RecLab.Bandits.Policies;

/// <summary>
/// Hierarchical Beta-Bernoulli Thompson sampling for the ids-only task: every (user, item) pair has its own probability,
/// drawn from its item's population prior <c>Beta(κ·m_i, κ·(1 − m_i))</c>, where <c>m_i</c> is the item's posterior mean
/// over all users' responses. Each sampled user gets a draw from every pair's posterior
/// <c>Beta(κ·m_i + s_ui, κ·(1 − m_i) + n_ui − s_ui)</c> (n shows, s positives of this user and item) and the K best
/// draws; the final pass shows each user the K best posterior means. A blend that moves from popularity to the user's
/// own evidence as it grows: empirical Bayes (Efron and Morris 1975) with users as the tasks of Meta-Thompson sampling
/// (Kveton et al., ICML 2021), the prior learned from everyone's responses. With about 50 responses per user the direct evidence is what can be
/// learned of a table as far from low rank as the course's.
/// </summary>
/// <param name="concentration">κ, the prior's weight in pseudo-responses: small values trust a user's own few responses.</param>
public sealed class PersonalThompsonPolicy(double concentration = 1.0) : CountingPolicy
{
    private byte[] _shows = [];
    private byte[] _positives = [];

    /// <inheritdoc />
    public override string Name => $"personal-thompson(κ {concentration.ToString(System.Globalization.CultureInfo.InvariantCulture)})";

    /// <inheritdoc />
    protected override bool ScoresPerUser => true;

    /// <inheritdoc />
    public override void Reset(BanditProblem problem, ulong seed)
    {
        if (!(concentration > 0)) throw new ArgumentOutOfRangeException(nameof(concentration), concentration, "must be positive");
        base.Reset(problem, seed);
        _shows = new byte[(long)problem.Users * problem.Items];
        _positives = new byte[_shows.Length];
    }

    /// <inheritdoc />
    public override void Recommend(ReadOnlySpan<int> users, Span<int> slates, int iteration, bool final)
    {
        if (!final)
        {
            base.Recommend(users, slates, iteration, final);
            return;
        }
        var (k, items) = (Problem.K, Problem.Items);
        var scores = new double[items];
        for (var n = 0; n < users.Length; n++)
        {
            var offset = (long)users[n] * items;
            for (var i = 0; i < items; i++)
            {
                var (a, b) = Posterior(offset, i);
                scores[i] = a / (a + b);
            }
            SlateSelection.TopK(scores, slates.Slice(n * k, k), ref Random);
        }
    }

    /// <inheritdoc />
    public override void Update(ReadOnlySpan<int> users, ReadOnlySpan<int> slates, ReadOnlySpan<bool> responses, int iteration)
    {
        base.Update(users, slates, responses, iteration);
        var k = Problem.K;
        for (var n = 0; n < users.Length; n++)
            for (var s = 0; s < k; s++)
            {
                var pair = (long)users[n] * Problem.Items + slates[n * k + s];
                if (_shows[pair] == byte.MaxValue) continue;
                _shows[pair]++;
                if (responses[n * k + s]) _positives[pair]++;
            }
    }

    /// <inheritdoc />
    protected override void Score(Span<double> scores, int user, int iteration)
    {
        var offset = (long)user * Problem.Items;
        for (var i = 0; i < scores.Length; i++)
        {
            var (a, b) = Posterior(offset, i);
            scores[i] = Sampling.Beta(ref Random, a, b);
        }
    }

    /// <summary>The pair's posterior Beta(a, b): the item's population mean as κ pseudo-responses plus the user's own.</summary>
    private (double A, double B) Posterior(long offset, int item)
    {
        var mean = (1.0 + Counts.Successes[item]) / (2.0 + Counts.Pulls[item]);
        var (shows, positives) = (_shows[offset + item], _positives[offset + item]);
        return (concentration * mean + positives, concentration * (1 - mean) + shows - positives);
    }
}
