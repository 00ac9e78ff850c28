using RecLab.Events;

namespace RecLab.Analysis;

/// <summary>One comparison's effect and verdict under both orders of tied rows.</summary>
/// <param name="Treatment">Treatment arm.</param>
/// <param name="Metric">Metric name.</param>
/// <param name="EffectChain">Effect in % of control with ties ordered along the recommendation chain.</param>
/// <param name="EffectCourse">Effect in % of control with ties in file order (the course's rule, stable).</param>
/// <param name="SignificantChain">Whether the Welch interval excludes 0 under <see cref="EventOrder.Chain"/>.</param>
/// <param name="SignificantCourse">Whether the Welch interval excludes 0 under <see cref="EventOrder.Course"/>.</param>
public sealed record OrderEffect(string Treatment, string Metric, double EffectChain, double EffectCourse, bool SignificantChain, bool SignificantCourse)
{
    /// <summary>Course minus chain, in percentage points.</summary>
    public double Shift => EffectCourse - EffectChain;

    /// <summary>Whether the verdict (significant or not) depends on the order.</summary>
    public bool VerdictDiffers => SignificantChain != SignificantCourse;
}

/// <summary>
/// How much a report on a log without session ids depends on the order of rows with equal timestamps: the log's tied
/// rows and, per comparison, the effect under <see cref="EventOrder.Chain"/> beside the effect under
/// <see cref="EventOrder.Course"/>. Such a log cannot tell which order is true, so a verdict that differs between the
/// two is not settled by the data.
/// </summary>
/// <param name="TiedRows">Rows whose timestamp equals that of another row of the same user.</param>
/// <param name="Effects">One entry per comparison of the report, in its order.</param>
public sealed record OrderSensitivity(long TiedRows, IReadOnlyList<OrderEffect> Effects)
{
    /// <summary>The largest |course − chain| shift, in percentage points (0 without comparisons).</summary>
    public double MaxShift => Effects.Count == 0 ? 0 : Effects.Max(e => Math.Abs(e.Shift));

    /// <summary>The comparison's entry.</summary>
    public OrderEffect? Get(string treatment, string metric) => Effects.FirstOrDefault(e => e.Treatment == treatment && e.Metric == metric);

    /// <summary>Warnings: one per verdict that depends on the order, and one summary when rows tie.</summary>
    public IReadOnlyList<string> Warnings
    {
        get
        {
            var warnings = new List<string>();
            if (TiedRows > 0)
                warnings.Add($"{TiedRows:N0} rows tie with another row of their user (equal timestamps, no session ids): effects move by up to " +
                             $"{MaxShift.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} percentage points between --order chain and --order course.");
            foreach (var e in Effects.Where(e => e.VerdictDiffers))
                warnings.Add($"the verdict for {e.Treatment} {e.Metric} depends on the order of tied rows: " +
                             $"{(e.SignificantChain ? "significant" : "not significant")} under --order chain ({Format(e.EffectChain)}%), " +
                             $"{(e.SignificantCourse ? "significant" : "not significant")} under --order course ({Format(e.EffectCourse)}%).");
            return warnings;
        }
    }

    private static string Format(double value) => value.ToString("+0.000;-0.000", System.Globalization.CultureInfo.InvariantCulture);
}
