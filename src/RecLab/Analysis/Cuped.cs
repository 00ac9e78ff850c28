namespace RecLab.Analysis;

/// <summary>
/// CUPED variance reduction (Deng, Xu, Kohavi and Walker 2013): with a pre-experiment covariate X per user, analyse
/// <c>Y - theta (X - mean(X))</c>, where <c>theta = cov(X, Y) / var(X)</c> pooled over both arms. The adjustment leaves the
/// difference of means unbiased (X does not depend on the arm) and shrinks its variance by the squared correlation.
/// </summary>
public static class Cuped
{
    /// <summary>The pooled theta of <paramref name="y"/> on <paramref name="x"/> (0 when X has no variance).</summary>
    public static double Theta(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"x has {x.Length} values, y {y.Length}.");
        double mx = 0, my = 0;
        for (var i = 0; i < x.Length; i++) { mx += x[i]; my += y[i]; }
        mx /= x.Length;
        my /= y.Length;
        double cov = 0, var = 0;
        for (var i = 0; i < x.Length; i++)
        {
            cov += (x[i] - mx) * (y[i] - my);
            var += (x[i] - mx) * (x[i] - mx);
        }
        return var == 0 ? 0 : cov / var;
    }

    /// <summary>Adjusted values <c>y - theta (x - meanX)</c>.</summary>
    public static double[] Adjust(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double theta, double meanX)
    {
        var adjusted = new double[y.Length];
        for (var i = 0; i < y.Length; i++) adjusted[i] = y[i] - theta * (x[i] - meanX);
        return adjusted;
    }
}
