using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Data.Analysis;
using RecLab.Notebooks;

namespace RecLab.Analysis;

/// <summary>
/// Everything <see cref="AbAnalysis"/> found for one experiment: one <see cref="AbResult"/> per treatment and metric,
/// the sample-ratio check, and the sessionization diagnostics, with warnings a reader must see. Renders as the course's
/// coloured table (negative effects red, positive green; the significance cell green or red).
/// </summary>
public sealed class AbReport(AbOptions options, IReadOnlyList<string> arms, IReadOnlyList<AbResult> results, SrmResult srm,
    SessionDiagnostics? diagnostics, UserMetrics users, SessionTable? sessions, IReadOnlyList<string>? readWarnings = null,
    OrderSensitivity? orderSensitivity = null) : IHtmlRenderable
{
    /// <summary>The course's columns, then RecLab's.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["treatment", "metric", "effect", "upper", "lower", "control_mean", "treatment_mean", "significant", "p_value", "p_adjusted"];

    /// <summary>Columns of the order-sensitivity table (logs without session ids).</summary>
    public static IReadOnlyList<string> OrderColumns { get; } =
        ["treatment", "metric", "effect_chain", "effect_course", "shift", "significant_chain", "significant_course"];

    /// <summary>What was asked.</summary>
    public AbOptions Options => options;

    /// <summary>Arms, control included, in order.</summary>
    public IReadOnlyList<string> Arms => arms;

    /// <summary>One result per treatment arm and metric.</summary>
    public IReadOnlyList<AbResult> Results => results;

    /// <summary>The sample-ratio-mismatch check.</summary>
    public SrmResult SampleRatio => srm;

    /// <summary>How events became sessions (null when metrics were given directly).</summary>
    public SessionDiagnostics? Diagnostics => diagnostics;

    /// <summary>The per-user metrics compared.</summary>
    public UserMetrics Users => users;

    /// <summary>The sessions, when the report was built from events.</summary>
    public SessionTable? Sessions => sessions;

    /// <summary>For logs without session ids: the tied rows and every effect under both orders of ties
    /// (<see cref="AbOptions.Order"/>); null for logs with session ids, whose order within a session is the chain's.</summary>
    public OrderSensitivity? OrderSensitivity => orderSensitivity;

    /// <summary>Warnings to show with the results: sample-ratio mismatch, interleaved sessions, tied timestamps, verdicts
    /// that depend on the order of ties, dropped events.</summary>
    public IReadOnlyList<string> Warnings =>
        (srm.Warning is { } w ? [w] : Array.Empty<string>()).Concat(readWarnings ?? []).Concat(diagnostics?.Warnings ?? [])
        .Concat(orderSensitivity?.Warnings ?? []).ToList();

    /// <summary>This report with warnings from reading the logs added (e.g. skipped malformed lines).</summary>
    public AbReport WithReadWarnings(IReadOnlyList<string> warnings) =>
        warnings.Count == 0 ? this : new AbReport(options, arms, results, srm, diagnostics, users, sessions, [.. readWarnings ?? [], .. warnings], orderSensitivity);

    /// <summary>This report with the sensitivity of its effects to the order of tied rows.</summary>
    public AbReport WithOrderSensitivity(OrderSensitivity sensitivity) =>
        new(options, arms, results, srm, diagnostics, users, sessions, readWarnings, sensitivity);

    /// <summary>The result for (<paramref name="treatment"/>, <paramref name="metric"/>).</summary>
    public AbResult Get(string treatment, string metric) =>
        results.FirstOrDefault(r => r.Treatment == treatment && r.Metric == metric)
        ?? throw new KeyNotFoundException($"no result for treatment '{treatment}' and metric '{metric}'.");

    /// <summary>One row per treatment for <paramref name="metric"/>: arm, what it serves (from <paramref name="served"/>,
    /// arm name → label), effect and 95% interval in percent of control, significance and Holm-adjusted p; a compact
    /// table for summaries.</summary>
    public DataFrame Table(string metric, IReadOnlyDictionary<string, string>? served = null)
    {
        var rows = results.Where(r => r.Metric == metric).ToList();
        return new DataFrame(
            new StringDataFrameColumn("arm", rows.Select(r => r.Treatment)),
            new StringDataFrameColumn("served", rows.Select(r => served?.GetValueOrDefault(r.Treatment) ?? "")),
            new StringDataFrameColumn("control", rows.Select(_ => served?.GetValueOrDefault(options.Control) ?? options.Control)),
            new DoubleDataFrameColumn($"{metric} effect %", rows.Select(r => Math.Round(r.Effect, 1))),
            new StringDataFrameColumn("95% interval", rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"[{r.Lower:+0.0;-0.0}, {r.Upper:+0.0;-0.0}]"))),
            new BooleanDataFrameColumn("significant", rows.Select(r => r.Significant)),
            new DoubleDataFrameColumn("p_adjusted", rows.Select(r => r.PAdjusted)));
    }

    /// <summary>The results as a DataFrame with <see cref="Columns"/>.</summary>
    public DataFrame ToDataFrame() => new(
        new StringDataFrameColumn("treatment", results.Select(r => r.Treatment)),
        new StringDataFrameColumn("metric", results.Select(r => r.Metric)),
        new DoubleDataFrameColumn("effect", results.Select(r => r.Effect)),
        new DoubleDataFrameColumn("upper", results.Select(r => r.Upper)),
        new DoubleDataFrameColumn("lower", results.Select(r => r.Lower)),
        new DoubleDataFrameColumn("control_mean", results.Select(r => r.ControlMean)),
        new DoubleDataFrameColumn("treatment_mean", results.Select(r => r.TreatmentMean)),
        new BooleanDataFrameColumn("significant", results.Select(r => r.Significant)),
        new DoubleDataFrameColumn("p_value", results.Select(r => r.PValue)),
        new DoubleDataFrameColumn("p_adjusted", results.Select(r => r.PAdjusted)));

    /// <inheritdoc />
    public string ToHtml()
    {
        var html = new StringBuilder();
        html.Append("<div class=\"reclab-ab\"><div style=\"font:13px system-ui,sans-serif;color:#57606a\">")
            .Append(Encode($"experiment {options.Experiment}, control {options.Control}; users per arm: " +
                           string.Join(", ", arms.Select((a, i) => $"{a}={srm.Observed[i]:N0}")) +
                           $"; Welch intervals at alpha {options.Alpha.ToString(CultureInfo.InvariantCulture)}, Holm-adjusted p over {results.Count} comparisons"))
            .Append("</div>");
        foreach (var warning in Warnings)
            html.Append("<div class=\"reclab-warn\" style=\"font:13px system-ui,sans-serif\">⚠ ").Append(Encode(warning)).Append("</div>");
        html.Append("<table class=\"reclab-table\"><thead><tr>");
        foreach (var c in Columns) html.Append("<th>").Append(c).Append("</th>");
        if (results.Any(r => r.Bootstrap is not null)) html.Append("<th>bootstrap interval</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var r in results)
        {
            html.Append("<tr><td>").Append(Encode(r.Treatment)).Append("</td><td>").Append(Encode(r.Metric)).Append("</td>")
                .Append(Signed(r.Effect)).Append(Signed(r.Upper)).Append(Signed(r.Lower))
                .Append(Number(r.ControlMean)).Append(Number(r.TreatmentMean))
                .Append(r.Significant ? "<td style=\"background:#dafbe1\">True</td>" : "<td style=\"background:#ffebe9\">False</td>")
                .Append(Number(r.PValue, "G3")).Append(Number(r.PAdjusted, "G3"));
            if (r.Bootstrap is { } b)
                html.Append("<td class=\"num\">[").Append(b.Lower.ToString("F2", CultureInfo.InvariantCulture)).Append(", ")
                    .Append(b.Upper.ToString("F2", CultureInfo.InvariantCulture)).Append("]</td>");
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");
        if (orderSensitivity is { TiedRows: > 0 } order)
        {
            html.Append("<div style=\"font:13px system-ui,sans-serif;color:#57606a\">")
                .Append(Encode($"effects under both orders of the {order.TiedRows:N0} tied rows (equal timestamps of one user): chain = ties along the recommendation chain, course = file order, stable"))
                .Append("</div><table class=\"reclab-table\"><thead><tr>");
            foreach (var c in OrderColumns) html.Append("<th>").Append(c).Append("</th>");
            html.Append("</tr></thead><tbody>");
            foreach (var e in order.Effects)
                html.Append("<tr><td>").Append(Encode(e.Treatment)).Append("</td><td>").Append(Encode(e.Metric)).Append("</td>")
                    .Append(Signed(e.EffectChain)).Append(Signed(e.EffectCourse)).Append(Signed(e.Shift))
                    .Append("<td>").Append(e.SignificantChain).Append("</td><td").Append(e.VerdictDiffers ? " style=\"background:#fff8c5\"" : "")
                    .Append('>').Append(e.SignificantCourse).Append("</td></tr>");
            html.Append("</tbody></table>");
        }
        return html.Append("</div>").ToString();
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"A/B {options.Experiment}: {results.Count} comparisons, {results.Count(r => r.Significant)} significant" +
        (Warnings.Count > 0 ? $"; {Warnings.Count} warning(s)" : "");

    private static string Signed(double value) =>
        $"<td class=\"num\" style=\"color:{(value < 0 ? "#cf222e" : value > 0 ? "#1a7f37" : "inherit")}\">{value.ToString("F3", CultureInfo.InvariantCulture)}</td>";

    private static string Number(double value, string format = "F4") =>
        $"<td class=\"num\">{value.ToString(format, CultureInfo.InvariantCulture)}</td>";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
