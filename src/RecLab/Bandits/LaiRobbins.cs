using RecLab.Bandits.Policies;

namespace RecLab.Bandits;

/// <summary>
/// The Lai–Robbins lower bound (Lai and Robbins 1985): any consistent policy's expected regret after n pulls grows at
/// least like <c>C ln n</c> with <c>C = Σ over suboptimal arms of Δ_i / KL(p_i, p*)</c>. For task 1's arms C ≈ 7.16.
/// </summary>
public static class LaiRobbins
{
    /// <summary>The constant C for Bernoulli arms with means <paramref name="probabilities"/>.</summary>
    public static double Constant(IReadOnlyList<double> probabilities)
    {
        var best = probabilities.Max();
        return probabilities.Where(p => p < best).Sum(p => (best - p) / KlUcbPolicy.Kl(p, best));
    }

    /// <summary>The bound <c>C ln n</c> at each cumulative pull count.</summary>
    public static double[] Curve(double constant, IEnumerable<long> cumulativePulls) =>
        cumulativePulls.Select(n => constant * Math.Log(Math.Max(n, 1))).ToArray();
}
