namespace RecLab.Analysis;

/// <summary>
/// Holm's step-down correction for many tests (Holm 1979): controls the family-wise error rate like Bonferroni but is
/// uniformly more powerful. Adjusted p-values: sort ascending, <c>p'(i) = max over j ≤ i of min(1, (m - j + 1) p(j))</c>.
/// </summary>
public static class Holm
{
    /// <summary>Holm-adjusted p-values, in the input order. NaN p-values stay NaN and do not count as tests.</summary>
    public static double[] Adjust(IReadOnlyList<double> pValues)
    {
        var order = Enumerable.Range(0, pValues.Count).Where(i => !double.IsNaN(pValues[i])).OrderBy(i => pValues[i]).ThenBy(i => i).ToArray();
        var adjusted = Enumerable.Repeat(double.NaN, pValues.Count).ToArray();
        var m = order.Length;
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            running = Math.Max(running, Math.Min(1, (m - rank) * pValues[order[rank]]));
            adjusted[order[rank]] = running;
        }
        return adjusted;
    }
}
