namespace RecLab.Bandits;

/// <summary>
/// A Bayesian linear (ridge) model <c>r ≈ θ·x</c> with <c>A = λI + Σ x xᵀ</c> and <c>b = Σ r x</c>, the building block of
/// LinUCB and linear Thompson sampling. <c>A⁻¹</c> is kept current with the Sherman–Morrison formula,
/// <c>(A + x xᵀ)⁻¹ = A⁻¹ − A⁻¹x xᵀA⁻¹ / (1 + xᵀA⁻¹x)</c>, so an update costs O(d²) instead of an O(d³) inversion.
/// </summary>
public sealed class RidgeModel
{
    private readonly double[] _inverse;
    private readonly double[] _b;
    private readonly double[] _theta;
    private readonly double[] _work;
    private bool _thetaStale;

    /// <summary>A model over <paramref name="dimensions"/> features with prior precision <paramref name="lambda"/>.</summary>
    public RidgeModel(int dimensions, double lambda = 1.0)
    {
        if (!(lambda > 0)) throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "must be positive");
        Dimensions = dimensions;
        _inverse = new double[dimensions * dimensions];
        for (var i = 0; i < dimensions; i++) _inverse[i * dimensions + i] = 1 / lambda;
        _b = new double[dimensions];
        _theta = new double[dimensions];
        _work = new double[dimensions];
    }

    /// <summary>Feature count d.</summary>
    public int Dimensions { get; }

    /// <summary><c>A⁻¹</c>, row-major d×d.</summary>
    public ReadOnlySpan<double> Inverse => _inverse;

    /// <summary>The ridge estimate <c>θ = A⁻¹ b</c>.</summary>
    public ReadOnlySpan<double> Theta
    {
        get
        {
            if (_thetaStale) MultiplyInverse(_b, _theta);
            _thetaStale = false;
            return _theta;
        }
    }

    /// <summary>Adds one observation (x, r).</summary>
    public void Add(ReadOnlySpan<double> x, double r)
    {
        var d = Dimensions;
        MultiplyInverse(x, _work);
        var denominator = 1 + Dot(x, _work);
        for (var i = 0; i < d; i++)
        {
            var wi = _work[i] / denominator;
            for (var j = 0; j < d; j++) _inverse[i * d + j] -= wi * _work[j];
        }
        for (var i = 0; i < d; i++) _b[i] += r * x[i];
        _thetaStale = true;
    }

    /// <summary><c>θ·x</c>.</summary>
    public double Predict(ReadOnlySpan<double> x) => Dot(Theta, x);

    /// <summary><c>xᵀA⁻¹x</c>, the squared width of the confidence ellipsoid along x.</summary>
    public double Variance(ReadOnlySpan<double> x)
    {
        var d = Dimensions;
        var sum = 0.0;
        for (var i = 0; i < d; i++)
        {
            var row = 0.0;
            for (var j = 0; j < d; j++) row += _inverse[i * d + j] * x[j];
            sum += x[i] * row;
        }
        return sum;
    }

    /// <summary><c>A⁻¹ v</c> into <paramref name="into"/>.</summary>
    public void MultiplyInverse(ReadOnlySpan<double> v, Span<double> into)
    {
        var d = Dimensions;
        for (var i = 0; i < d; i++)
        {
            var sum = 0.0;
            for (var j = 0; j < d; j++) sum += _inverse[i * d + j] * v[j];
            into[i] = sum;
        }
    }

    /// <summary>A draw of θ from N(θ̂, v² A⁻¹) into <paramref name="into"/> (Cholesky of A⁻¹ times standard normals).</summary>
    public void SampleTheta(ref Rng random, double scale, Span<double> into)
    {
        var d = Dimensions;
        var l = Cholesky(_inverse, d);
        Span<double> z = stackalloc double[d];
        for (var i = 0; i < d; i++) z[i] = random.NextGaussian();
        var theta = Theta;
        for (var i = 0; i < d; i++)
        {
            var sum = 0.0;
            for (var j = 0; j <= i; j++) sum += l[i * d + j] * z[j];
            into[i] = theta[i] + scale * sum;
        }
    }

    /// <summary>The lower Cholesky factor of a symmetric positive-definite d×d matrix (tiny negative pivots from
    /// rounding are clamped to zero).</summary>
    public static double[] Cholesky(ReadOnlySpan<double> m, int d)
    {
        var l = new double[d * d];
        for (var i = 0; i < d; i++)
            for (var j = 0; j <= i; j++)
            {
                var sum = m[i * d + j];
                for (var k = 0; k < j; k++) sum -= l[i * d + k] * l[j * d + k];
                l[i * d + j] = i == j ? Math.Sqrt(Math.Max(sum, 0)) : l[j * d + j] > 0 ? sum / l[j * d + j] : 0;
            }
        return l;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }
}
