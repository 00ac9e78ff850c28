namespace RecLab.Bandits.Policies;

/// <summary>
/// LinUCB with disjoint linear models (Li, Chu, Langford and Schapire 2010, Algorithm 1): one ridge model per item over
/// the user's features (plus a constant), scored <c>θ_a·x + α sqrt(xᵀA_a⁻¹x)</c>. With <c>thompson</c> it is linear
/// Thompson sampling instead (Agrawal and Goyal 2013): θ_a is drawn per user from N(θ̂_a, v² A_a⁻¹). Final pass: θ̂_a·x.
/// </summary>
/// <param name="alpha">Width of the confidence bonus (LinUCB) or scale v of the posterior (Thompson).</param>
/// <param name="thompson">Sample θ instead of adding a bonus.</param>
/// <param name="lambda">Ridge prior precision.</param>
public sealed class LinUcbPolicy(double alpha = 0.5, bool thompson = false, double lambda = 1.0) : IBanditPolicy
{
    private BanditProblem _problem = null!;
    private RidgeModel[] _models = [];
    private Rng _random;
    private int _d;

    /// <inheritdoc />
    public string Name => thompson ? $"lin-thompson({alpha})" : $"linucb({alpha})";

    /// <inheritdoc />
    public void Reset(BanditProblem problem, ulong seed)
    {
        if (problem.UserFeatureCount == 0) throw new ArgumentException($"{Name} needs user features; this task has ids only.");
        _problem = problem;
        _d = problem.UserFeatureCount + 1;
        _models = Enumerable.Range(0, problem.Items).Select(_ => new RidgeModel(_d, lambda)).ToArray();
        _random = new Rng(seed);
    }

    /// <inheritdoc />
    public void Recommend(ReadOnlySpan<int> users, Span<int> slates, int iteration, bool final)
    {
        var k = _problem.K;
        var scores = new double[_problem.Items];
        Span<double> x = stackalloc double[_d];
        Span<double> theta = stackalloc double[_d];
        for (var u = 0; u < users.Length; u++)
        {
            Features(users[u], x);
            for (var a = 0; a < scores.Length; a++)
            {
                var model = _models[a];
                if (final) scores[a] = model.Predict(x);
                else if (thompson)
                {
                    model.SampleTheta(ref _random, alpha, theta);
                    var sum = 0.0;
                    for (var j = 0; j < _d; j++) sum += theta[j] * x[j];
                    scores[a] = sum;
                }
                else scores[a] = model.Predict(x) + alpha * Math.Sqrt(model.Variance(x));
            }
            SlateSelection.TopK(scores, slates.Slice(u * k, k), ref _random);
        }
    }

    /// <inheritdoc />
    public void Update(ReadOnlySpan<int> users, ReadOnlySpan<int> slates, ReadOnlySpan<bool> responses, int iteration)
    {
        var k = _problem.K;
        Span<double> x = stackalloc double[_d];
        for (var u = 0; u < users.Length; u++)
        {
            Features(users[u], x);
            for (var s = 0; s < k; s++) _models[slates[u * k + s]].Add(x, responses[u * k + s] ? 1 : 0);
        }
    }

    private void Features(int user, Span<double> x)
    {
        _problem.UserFeatures(user).CopyTo(x);
        x[^1] = 1;
    }
}
