namespace RecLab.Bandits.Policies;

/// <summary>
/// Matrix factorisation for the ids-only task: <c>p̂(u, i) = μ + b_u + b_i + x_u·y_i</c> fitted by alternating least
/// squares on every response seen so far (Zhou et al. 2008's weighted-λ ALS on the observed entries; responses that were
/// shown and not taken are known zeros here, not missing data), with Thompson-sampling exploration: each sampled user's
/// (b_u, x_u) is drawn from the ridge posterior <c>N(ŝ_u, σ² A_u⁻¹)</c>, and items with few observations get their bias
/// drawn from <c>N(b̂_i, σ² / (n_i + λ))</c>. The final pass ranks by the fitted means.
/// </summary>
/// <param name="rank">Latent dimensions.</param>
/// <param name="lambda">Ridge penalty per user and item solve.</param>
/// <param name="noise">σ, the response noise scale of the posterior (Bernoulli responses near 0.3 have σ ≈ 0.45).</param>
/// <param name="sweeps">ALS sweeps after each batch (users touched by the batch, then all items); every fifth batch
/// all users are refitted, and before the final pass five times as many sweeps run.</param>
/// <param name="bonus">Weight of an upper-confidence bonus <c>sqrt(zᵀA_u⁻¹z)</c> on each item's score during
/// iterations (0 = Thompson sampling only).</param>
public sealed class AlsPolicy(int rank = 4, double lambda = 2.0, double noise = 0.2, int sweeps = 3, double bonus = 0) : IBanditPolicy
{
    private BanditProblem _problem = null!;
    private Rng _random;
    private List<(int Other, float R)>[] _byUser = [];
    private List<(int Other, float R)>[] _byItem = [];
    private double[] _userFactors = [], _itemFactors = [], _userBias = [], _itemBias = [];
    private double[][] _userCholesky = [];
    private double _mean;
    private long _observations;
    private double _sum;

    /// <inheritdoc />
    public string Name => $"als-thompson(rank {rank})";

    /// <inheritdoc />
    public void Reset(BanditProblem problem, ulong seed)
    {
        _problem = problem;
        _random = new Rng(seed);
        _byUser = Enumerable.Range(0, problem.Users).Select(_ => new List<(int, float)>()).ToArray();
        _byItem = Enumerable.Range(0, problem.Items).Select(_ => new List<(int, float)>()).ToArray();
        _userFactors = new double[problem.Users * rank];
        _itemFactors = Enumerable.Range(0, problem.Items * rank).Select(_ => 0.1 * _random.NextGaussian()).ToArray();
        _userBias = new double[problem.Users];
        _itemBias = new double[problem.Items];
        _userCholesky = new double[problem.Users][];
        _mean = 0.5;
        _observations = 0;
        _sum = 0;
    }

    /// <inheritdoc />
    public void Recommend(ReadOnlySpan<int> users, Span<int> slates, int iteration, bool final)
    {
        var k = _problem.K;
        var items = _problem.Items;
        var scores = new double[items];
        var itemBias = new double[items];
        for (var i = 0; i < items; i++)
            itemBias[i] = final ? _itemBias[i] : _itemBias[i] + noise / Math.Sqrt(_byItem[i].Count + lambda) * _random.NextGaussian();
        var d = rank + 1;
        Span<double> draw = stackalloc double[d];
        for (var n = 0; n < users.Length; n++)
        {
            var u = users[n];
            draw[0] = _userBias[u];
            _userFactors.AsSpan(u * rank, rank).CopyTo(draw[1..]);
            if (!final) Perturb(u, draw);
            for (var i = 0; i < items; i++)
            {
                var dot = 0.0;
                for (var f = 0; f < rank; f++) dot += draw[1 + f] * _itemFactors[i * rank + f];
                scores[i] = _mean + draw[0] + itemBias[i] + dot;
                if (!final && bonus > 0) scores[i] += bonus * Width(u, i);
            }
            SlateSelection.TopK(scores, slates.Slice(n * k, k), ref _random);
        }
    }

    /// <inheritdoc />
    public void Update(ReadOnlySpan<int> users, ReadOnlySpan<int> slates, ReadOnlySpan<bool> responses, int iteration)
    {
        var k = _problem.K;
        for (var n = 0; n < users.Length; n++)
            for (var s = 0; s < k; s++)
            {
                var (u, i, r) = (users[n], slates[n * k + s], responses[n * k + s] ? 1f : 0f);
                _byUser[u].Add((i, r));
                _byItem[i].Add((u, r));
                _sum += r;
                _observations++;
            }
        _mean = _sum / _observations;
        var touched = users.ToArray();
        var everyone = iteration % 5 == 0 || iteration == _problem.Schedule.Iterations;
        var all = Enumerable.Range(0, _problem.Users).Where(u => _byUser[u].Count > 0).ToArray();
        var last = iteration == _problem.Schedule.Iterations;
        for (var sweep = 0; sweep < (last ? 5 * sweeps : sweeps); sweep++)
        {
            SolveUsers(everyone ? all : touched);
            SolveItems();
        }
        SolveUsers(everyone ? all : touched);
    }

    private void SolveUsers(int[] users) => Parallel.ForEach(users, u =>
    {
        var (solution, cholesky) = Solve(_byUser[u], _itemFactors, _itemBias);
        _userBias[u] = solution[0];
        Array.Copy(solution, 1, _userFactors, u * rank, rank);
        _userCholesky[u] = cholesky;
    });

    private void SolveItems() => Parallel.For(0, _problem.Items, i =>
    {
        if (_byItem[i].Count == 0) return;
        var (solution, _) = Solve(_byItem[i], _userFactors, _userBias);
        _itemBias[i] = solution[0];
        Array.Copy(solution, 1, _itemFactors, i * rank, rank);
    });

    /// <summary>Ridge solution of [bias; factors] for one row given the other side's factors and biases, and the
    /// Cholesky factor of its normal matrix (the posterior's precision).</summary>
    private (double[] Solution, double[] Cholesky) Solve(List<(int Other, float R)> observations, double[] factors, double[] biases)
    {
        var d = rank + 1;
        var a = new double[d * d];
        var b = new double[d];
        Span<double> z = stackalloc double[d];
        foreach (var o in observations)
        {
            var j = o.Other;
            z[0] = 1;
            for (var f = 0; f < rank; f++) z[1 + f] = factors[j * rank + f];
            var target = o.R - _mean - biases[j];
            for (var p = 0; p < d; p++)
            {
                b[p] += z[p] * target;
                for (var q = 0; q <= p; q++) a[p * d + q] += z[p] * z[q];
            }
        }
        for (var p = 0; p < d; p++)
        {
            a[p * d + p] += lambda;
            for (var q = 0; q < p; q++) a[q * d + p] = a[p * d + q];
        }
        var l = RidgeModel.Cholesky(a, d);
        var y = new double[d];
        for (var p = 0; p < d; p++)
        {
            var sum = b[p];
            for (var q = 0; q < p; q++) sum -= l[p * d + q] * y[q];
            y[p] = sum / l[p * d + p];
        }
        var x = new double[d];
        for (var p = d - 1; p >= 0; p--)
        {
            var sum = y[p];
            for (var q = p + 1; q < d; q++) sum -= l[q * d + p] * x[q];
            x[p] = sum / l[p * d + p];
        }
        return (x, l);
    }

    /// <summary>sqrt(zᵀA_u⁻¹z) for z = [1, y_i]: how uncertain the user's score of item i is.</summary>
    private double Width(int user, int item)
    {
        var l = _userCholesky[user];
        var d = rank + 1;
        if (l is null) return 1 / Math.Sqrt(lambda);
        Span<double> y = stackalloc double[d];
        var sum = 0.0;
        for (var p = 0; p < d; p++)
        {
            var v = p == 0 ? 1 : _itemFactors[item * rank + p - 1];
            for (var q = 0; q < p; q++) v -= l[p * d + q] * y[q];
            y[p] = v / l[p * d + p];
            sum += y[p] * y[p];
        }
        return Math.Sqrt(sum);
    }

    /// <summary>Adds <c>σ L⁻ᵀ z</c> to the user's solution: a draw from N(ŝ, σ² A⁻¹) when A = L Lᵀ; users never seen
    /// get prior noise σ/√λ.</summary>
    private void Perturb(int user, Span<double> draw)
    {
        var d = rank + 1;
        Span<double> z = stackalloc double[d];
        for (var p = 0; p < d; p++) z[p] = _random.NextGaussian();
        var l = _userCholesky[user];
        if (l is null)
        {
            for (var p = 0; p < d; p++) draw[p] += noise / Math.Sqrt(lambda) * z[p];
            return;
        }
        for (var p = d - 1; p >= 0; p--)
        {
            var sum = z[p];
            for (var q = p + 1; q < d; q++) sum -= l[q * d + p] * z[q];
            z[p] = sum / l[p * d + p];
        }
        for (var p = 0; p < d; p++) draw[p] += noise * z[p];
    }
}
