using RecLab.Events;

namespace RecLab.Analysis;

/// <summary>What <see cref="AbAnalysis"/> compares and how.</summary>
public sealed record AbOptions
{
    /// <summary>The experiment whose arms are compared (a name in the log's <c>experiments</c>).</summary>
    public required string Experiment { get; init; }

    /// <summary>The control arm (course: C).</summary>
    public string Control { get; init; } = "C";

    /// <summary>Significance level of the intervals and tests (course: 0.05).</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>Metrics to compare; all of <see cref="AbMetrics.All"/> when null.</summary>
    public IReadOnlyList<string>? Metrics { get; init; }

    /// <summary>Bootstrap resamples per comparison; 0 (default) for Welch only. 2,000 gives stable 95% percentiles.</summary>
    public int BootstrapResamples { get; init; }

    /// <summary>Seed of the bootstrap.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Pre-experiment metrics of the same users for CUPED (e.g. from an A/A period before the experiment);
    /// each metric uses its own pre-period value as covariate; users without one get the pre-period mean.</summary>
    public UserMetrics? PrePeriod { get; init; }

    /// <summary>Planned share of users per arm in arm order, for the sample-ratio-mismatch check; equal when null.</summary>
    public IReadOnlyList<double>? PlannedSplit { get; init; }

    /// <summary>p-value below which the sample-ratio check raises an alarm.</summary>
    public double SrmThreshold { get; init; } = 0.001;

    /// <summary>How logs without session ids handle interleaved concurrent sessions of one user.</summary>
    public InterleavedSessions Interleaved { get; init; } = InterleavedSessions.Merge;

    /// <summary>How rows of one user with equal timestamps are ordered before sessions are cut (logs with
    /// millisecond timestamps tie often): <see cref="EventOrder.Chain"/> (default) along the recommendation chain, or
    /// <see cref="EventOrder.Course"/>, the course notebook's rule made deterministic (logs concatenated in the order
    /// given, stable sort by timestamp). On logs without session ids the report also gives every effect under the other
    /// order (<see cref="AbReport.OrderSensitivity"/>).</summary>
    public EventOrder Order { get; init; } = EventOrder.Chain;

    /// <summary>Checks every field; the message names the bad one.</summary>
    public AbOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(Experiment)) throw new ArgumentException("AbOptions.Experiment is required.", nameof(Experiment));
        if (!(Alpha > 0 && Alpha < 1)) throw new ArgumentException($"AbOptions.Alpha = {Alpha}: must be in (0, 1).", nameof(Alpha));
        if (BootstrapResamples is < 0 or > 0 and < 100) throw new ArgumentException($"AbOptions.BootstrapResamples = {BootstrapResamples}: 0, or at least 100.", nameof(BootstrapResamples));
        if (!Enum.IsDefined(Order)) throw new ArgumentException($"AbOptions.Order = {(int)Order}: must be Chain or Course.", nameof(Order));
        var unknown = Metrics?.FirstOrDefault(m => !AbMetrics.All.Contains(m));
        if (unknown is not null) throw new ArgumentException($"AbOptions.Metrics: unknown metric '{unknown}' (known: {string.Join(", ", AbMetrics.All)}).", nameof(Metrics));
        return this;
    }
}
