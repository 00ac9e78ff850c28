namespace RecLab.Analysis;

/// <summary>
/// One treatment-versus-control comparison of one metric, with the course's columns: <c>effect</c>, <c>lower</c> and
/// <c>upper</c> are the difference of means and its Welch interval in percent of the control mean; <c>significant</c>
/// when the interval excludes 0. Beyond the course: the two-sided p-value and its Holm adjustment over all arms and
/// metrics of the report, and optionally a bootstrap interval.
/// </summary>
/// <param name="Treatment">Treatment arm.</param>
/// <param name="Metric">Metric name.</param>
/// <param name="Effect">100 × (treatment mean − control mean) / control mean.</param>
/// <param name="Upper">Upper end of the interval, same scale.</param>
/// <param name="Lower">Lower end of the interval, same scale.</param>
/// <param name="ControlMean">Control mean.</param>
/// <param name="TreatmentMean">Treatment mean.</param>
/// <param name="Significant">Whether the interval excludes 0.</param>
/// <param name="PValue">Welch's two-sided p-value.</param>
/// <param name="PAdjusted">Holm-adjusted p-value over the report's comparisons.</param>
/// <param name="ControlUsers">Users in control.</param>
/// <param name="TreatmentUsers">Users in treatment.</param>
/// <param name="Method"><c>welch</c>, or <c>welch+cuped</c> when a pre-period covariate adjusted the values.</param>
/// <param name="Bootstrap">The bootstrap interval, when asked for.</param>
public sealed record AbResult(string Treatment, string Metric, double Effect, double Upper, double Lower, double ControlMean,
    double TreatmentMean, bool Significant, double PValue, double PAdjusted, int ControlUsers, int TreatmentUsers, string Method,
    BootstrapInterval? Bootstrap = null);
