namespace RecLab.Tests.TestSupport;

/// <summary>Equality within an absolute tolerance, for comparing sequences of numbers with <c>Assert.Equal</c>.</summary>
public sealed class Tolerance(double tolerance) : IEqualityComparer<double>, IEqualityComparer<float>
{
    /// <inheritdoc />
    public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

    /// <inheritdoc />
    public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

    /// <inheritdoc />
    public int GetHashCode(double obj) => 0;

    /// <inheritdoc />
    public int GetHashCode(float obj) => 0;
}
