namespace RecLab.Bandits.Policies;

/// <summary>
/// Base of the non-contextual policies: per-item pull and success counts (<see cref="ArmCounts"/>), a score per item
/// (the same for every user of a batch, or drawn per user), and the top-K scores as the slate. In the final pass they
/// exploit: the K items with the best observed success rate.
/// </summary>
public abstract class CountingPolicy : IBanditPolicy
{
    private double[] _scores = [];

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <summary>The task.</summary>
    protected BanditProblem Problem { get; private set; } = null!;

    /// <summary>Pulls and successes so far.</summary>
    protected ArmCounts Counts { get; private set; } = null!;

    /// <summary>The policy's random stream.</summary>
    protected Rng Random;

    /// <summary>Discount per iteration (1 = none).</summary>
    protected virtual double Discount => 1.0;

    /// <summary>Sliding window in iterations (0 = none).</summary>
    protected virtual int Window => 0;

    /// <summary>Whether scores are drawn per user (Thompson sampling) rather than once per batch.</summary>
    protected virtual bool ScoresPerUser => false;

    /// <inheritdoc />
    public virtual void Reset(BanditProblem problem, ulong seed)
    {
        Problem = problem;
        Counts = new ArmCounts(problem.Items, Discount, Window);
        Random = new Rng(seed);
        _scores = new double[problem.Items];
    }

    /// <inheritdoc />
    public virtual void Recommend(ReadOnlySpan<int> users, Span<int> slates, int iteration, bool final)
    {
        var k = Problem.K;
        if (final)
        {
            for (var i = 0; i < _scores.Length; i++) _scores[i] = Counts.Mean(i, unseen: -1);
            for (var u = 0; u < users.Length; u++) SlateSelection.TopK(_scores, slates.Slice(u * k, k), ref Random);
            return;
        }
        if (!ScoresPerUser) Score(_scores, -1, iteration);
        for (var u = 0; u < users.Length; u++)
        {
            if (ScoresPerUser) Score(_scores, users[u], iteration);
            Select(_scores, slates.Slice(u * k, k));
        }
    }

    /// <inheritdoc />
    public virtual void Update(ReadOnlySpan<int> users, ReadOnlySpan<int> slates, ReadOnlySpan<bool> responses, int iteration) =>
        Counts.Add(slates, responses);

    /// <summary>Fills one score per item (for <paramref name="user"/>, or -1 for the whole batch).</summary>
    protected abstract void Score(Span<double> scores, int user, int iteration);

    /// <summary>Turns scores into a slate: the top K by default.</summary>
    protected virtual void Select(ReadOnlySpan<double> scores, Span<int> slate) => SlateSelection.TopK(scores, slate, ref Random);
}
