using MathNet.Numerics.LinearAlgebra;

namespace RecLab.Bandits.Policies;

/// <summary>
/// LinUCB with hybrid linear models (Li, Chu, Langford and Schapire 2010, Algorithm 2): a shared part over
/// <c>z = vec(x_user ⊗ y_item)</c> (what users with these features think of items with these features, learned from every
/// arm) plus a disjoint part per item over the user's features. Score
/// <c>zᵀβ + xᵀθ_a + α sqrt((z − w)ᵀA₀⁻¹(z − w) + xᵀA_a⁻¹x)</c> with <c>w = B_aᵀA_a⁻¹x</c> (the paper's four-term
/// variance, regrouped). Per-item <c>A_a⁻¹</c> follow Sherman–Morrison; the k×k <c>A₀</c> is inverted once per batch.
/// </summary>
/// <param name="alpha">Width of the confidence bonus.</param>
public sealed class HybridLinUcbPolicy(double alpha = 0.5) : IBanditPolicy
{
    private BanditProblem _problem = null!;
    private Rng _random;
    private int _d, _k;
    private Matrix<double> _a0 = null!, _a0Inverse = null!;
    private Vector<double> _b0 = null!, _beta = null!;
    private Matrix<double>[] _aInverse = [], _b = [];
    private Vector<double>[] _bVector = [];

    /// <inheritdoc />
    public string Name => $"linucb-hybrid({alpha})";

    /// <inheritdoc />
    public void Reset(BanditProblem problem, ulong seed)
    {
        if (problem.UserFeatureCount == 0) throw new ArgumentException($"{Name} needs user features; this task has ids only.");
        _problem = problem;
        _random = new Rng(seed);
        _d = problem.UserFeatureCount + 1;
        _k = _d * (problem.ItemFeatureCount + 1);
        _a0 = Matrix<double>.Build.DenseIdentity(_k);
        _a0Inverse = Matrix<double>.Build.DenseIdentity(_k);
        _b0 = Vector<double>.Build.Dense(_k);
        _beta = Vector<double>.Build.Dense(_k);
        _aInverse = Enumerable.Range(0, problem.Items).Select(_ => Matrix<double>.Build.DenseIdentity(_d)).ToArray();
        _b = Enumerable.Range(0, problem.Items).Select(_ => Matrix<double>.Build.Dense(_d, _k)).ToArray();
        _bVector = Enumerable.Range(0, problem.Items).Select(_ => Vector<double>.Build.Dense(_d)).ToArray();
    }

    /// <inheritdoc />
    public void Recommend(ReadOnlySpan<int> users, Span<int> slates, int iteration, bool final)
    {
        var items = _problem.Items;
        var theta = new Vector<double>[items];
        var bTransposeAInverse = new Matrix<double>[items];
        for (var a = 0; a < items; a++)
        {
            theta[a] = _aInverse[a] * (_bVector[a] - _b[a] * _beta);
            bTransposeAInverse[a] = _b[a].TransposeThisAndMultiply(_aInverse[a]);
        }
        var scores = new double[items];
        var k = _problem.K;
        for (var u = 0; u < users.Length; u++)
        {
            var x = UserVector(users[u]);
            for (var a = 0; a < items; a++)
            {
                var z = Shared(x, a);
                var mean = z.DotProduct(_beta) + x.DotProduct(theta[a]);
                if (final)
                {
                    scores[a] = mean;
                    continue;
                }
                var w = bTransposeAInverse[a] * x;
                var diff = z - w;
                var variance = diff.DotProduct(_a0Inverse * diff) + x.DotProduct(_aInverse[a] * x);
                scores[a] = mean + alpha * Math.Sqrt(Math.Max(variance, 0));
            }
            SlateSelection.TopK(scores, slates.Slice(u * k, k), ref _random);
        }
    }

    /// <inheritdoc />
    public void Update(ReadOnlySpan<int> users, ReadOnlySpan<int> slates, ReadOnlySpan<bool> responses, int iteration)
    {
        var k = _problem.K;
        for (var u = 0; u < users.Length; u++)
        {
            var x = UserVector(users[u]);
            for (var s = 0; s < k; s++)
            {
                var a = slates[u * k + s];
                var r = responses[u * k + s] ? 1.0 : 0.0;
                var z = Shared(x, a);
                var bta = _b[a].TransposeThisAndMultiply(_aInverse[a]);
                _a0 += bta * _b[a];
                _b0 += bta * _bVector[a];
                var ax = _aInverse[a] * x;
                _aInverse[a] -= ax.OuterProduct(ax) / (1 + x.DotProduct(ax));
                _b[a] += x.OuterProduct(z);
                _bVector[a] += r * x;
                bta = _b[a].TransposeThisAndMultiply(_aInverse[a]);
                _a0 += z.OuterProduct(z) - bta * _b[a];
                _b0 += r * z - bta * _bVector[a];
            }
        }
        _a0Inverse = _a0.Inverse();
        _beta = _a0Inverse * _b0;
    }

    private Vector<double> UserVector(int user)
    {
        var x = Vector<double>.Build.Dense(_d);
        var features = _problem.UserFeatures(user);
        for (var i = 0; i < features.Length; i++) x[i] = features[i];
        x[_d - 1] = 1;
        return x;
    }

    private Vector<double> Shared(Vector<double> x, int item)
    {
        var itemFeatures = _problem.ItemFeatures(item);
        var z = Vector<double>.Build.Dense(_k);
        var g = itemFeatures.Length + 1;
        for (var i = 0; i < _d; i++)
            for (var j = 0; j < g; j++)
                z[i * g + j] = x[i] * (j < itemFeatures.Length ? itemFeatures[j] : 1);
        return z;
    }
}
