using RecLab.Events;

namespace RecLab.Analysis;

/// <summary>
/// Treatment-versus-control effects the way the course computes them, and more: events → sessions → per-user
/// metrics → for each treatment arm and metric a Welch interval in percent of the control mean, with p-values, Holm's
/// correction, an optional bootstrap interval, optional CUPED adjustment, and a sample-ratio-mismatch check.
/// Pure: no I/O.
/// </summary>
public static class AbAnalysis
{
    /// <summary>Analyses the experiment in <paramref name="events"/>.</summary>
    /// <exception cref="ArgumentException">The experiment or the control arm is not in the log; the message lists what is.</exception>
    public static AbReport Run(EventTable events, AbOptions options)
    {
        options.Validate();
        var known = events.ExperimentNames();
        if (!known.Contains(options.Experiment))
            throw new ArgumentException($"experiment '{options.Experiment}' is not in the log (experiments found: {(known.Count == 0 ? "none" : string.Join(", ", known))}).");
        var (sessions, diagnostics) = Sessionizer.Build(events, options.Experiment, options.Interleaved, options.Order);
        var report = Run(UserMetrics.From(sessions), options, diagnostics, sessions);
        return diagnostics.BySessionId ? report : report.WithOrderSensitivity(Sensitivity(events, options, report, diagnostics.TiedRows));
    }

    /// <summary>Each comparison of <paramref name="report"/> again under the other order of tied rows (Welch only);
    /// without ties both orders are the same and nothing is recomputed.</summary>
    private static OrderSensitivity Sensitivity(EventTable events, AbOptions options, AbReport report, long tiedRows)
    {
        var other = options.Order == EventOrder.Chain ? EventOrder.Course : EventOrder.Chain;
        IReadOnlyList<AbResult> otherResults = report.Results;
        if (tiedRows > 0)
        {
            var (sessions, _) = Sessionizer.Build(events, options.Experiment, options.Interleaved, other);
            otherResults = Run(UserMetrics.From(sessions), options with { Order = other, BootstrapResamples = 0 }).Results;
        }
        var effects = report.Results.Select(r =>
        {
            var o = otherResults.FirstOrDefault(x => x.Treatment == r.Treatment && x.Metric == r.Metric);
            var (otherEffect, otherSignificant) = o is null ? (double.NaN, false) : (o.Effect, o.Significant);
            return options.Order == EventOrder.Chain
                ? new OrderEffect(r.Treatment, r.Metric, r.Effect, otherEffect, r.Significant, otherSignificant)
                : new OrderEffect(r.Treatment, r.Metric, otherEffect, r.Effect, otherSignificant, r.Significant);
        }).ToList();
        return new OrderSensitivity(tiedRows, effects);
    }

    /// <summary>
    /// Analyses the experiment in the logs at <paramref name="paths"/> (RecLab Parquet or the course's JSON lines). For
    /// Parquet logs with session ids (and the default <see cref="AbOptions.Order"/>), sessions are summed while reading,
    /// so memory grows with sessions rather than events; other logs are read whole and cut into sessions as <see cref="Run(EventTable, AbOptions)"/> does.
    /// </summary>
    /// <param name="paths">Log files or folders.</param>
    /// <param name="options">What to compare.</param>
    /// <param name="skipBadLines">For JSON-lines logs: skip and count malformed lines.</param>
    /// <param name="read">For Parquet logs, e.g. <see cref="EventReadOptions.SkipIncomplete"/> (the parts left out are
    /// counted in the report's warnings).</param>
    public static AbReport Run(IReadOnlyList<string> paths, AbOptions options, bool skipBadLines = false, EventReadOptions? read = null)
    {
        var report = RunCore(paths, options, skipBadLines, read ?? new EventReadOptions());
        var skipped = read is { SkipIncomplete: true } && paths.All(IsParquet) ? EventLogReader.IncompleteParts(paths) : [];
        return skipped.Count == 0 ? report : report.WithReadWarnings(
            [$"left out {skipped.Count} incomplete log part(s) (--skip-incomplete), first {skipped[0]}; `reclab logs recover DIR` recovers a killed replica's events"]);
    }

    private static AbReport RunCore(IReadOnlyList<string> paths, AbOptions options, bool skipBadLines, EventReadOptions read)
    {
        options.Validate();
        if (options.Interleaved == InterleavedSessions.Merge && options.Order == EventOrder.Chain && paths.All(IsParquet) && EventLogReader.SummarizeSessions(paths, read with { Tracks = false }) is { } summaries)
        {
            var known = summaries.ExperimentsValues.SelectMany(v => EventTable.Parse(v).Keys).Distinct().Order(StringComparer.Ordinal).ToList();
            if (!known.Contains(options.Experiment))
                throw new ArgumentException($"experiment '{options.Experiment}' is not in the log (experiments found: {(known.Count == 0 ? "none" : string.Join(", ", known))}).");
            var (sessions, diagnostics) = Sessionizer.FromSummaries(summaries, options.Experiment);
            return Run(UserMetrics.From(sessions), options, diagnostics, sessions);
        }
        var loaded = EventLogs.Load(paths, skipBadLines, read with { Tracks = true });
        var report = Run(loaded.Events, options);
        return loaded.CourseStats is { Skipped: > 0 } stats
            ? report.WithReadWarnings([$"skipped {stats.Skipped:N0} malformed lines of {stats.Lines:N0} (first: {stats.Problems[0]})"])
            : report;
    }

    private static bool IsParquet(string path) =>
        File.Exists(path) ? path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)
        : Directory.Exists(path) && Directory.EnumerateFiles(path, "*.parquet*", SearchOption.AllDirectories).Any();

    /// <summary>Analyses per-user metrics directly (when sessions were built elsewhere).</summary>
    public static AbReport Run(UserMetrics users, AbOptions options, SessionDiagnostics? diagnostics = null, SessionTable? sessions = null)
    {
        options.Validate();
        if (!users.Arms.Contains(options.Control))
            throw new ArgumentException($"control arm '{options.Control}' has no users in experiment '{options.Experiment}' (arms: {string.Join(", ", users.Arms)}).");
        var metrics = options.Metrics ?? AbMetrics.All;
        var treatments = users.Arms.Where(a => a != options.Control).ToList();
        var raw = new List<(string Treatment, string Metric, WelchResult Welch, string Method, BootstrapInterval? Boot)>();
        foreach (var treatment in treatments)
        {
            foreach (var metric in metrics)
            {
                var (control, treated, method) = Values(users, options, metric, treatment);
                if (control.Length < 2 || treated.Length < 2) continue;
                var welch = WelchTest.Compare(control, treated, options.Alpha);
                var boot = options.BootstrapResamples > 0
                    ? Bootstrap.RelativeEffect(control, treated, options.BootstrapResamples, options.Alpha,
                        new SeedSequence(options.Seed).Derive($"bootstrap/{treatment}/{metric}"))
                    : null;
                raw.Add((treatment, metric, welch, method, boot));
            }
        }
        var adjusted = Holm.Adjust(raw.Select(r => r.Welch.PValue).ToList());
        var results = raw.Select((r, i) =>
        {
            var w = r.Welch;
            var scale = 100 / w.ControlMean;
            return new AbResult(r.Treatment, r.Metric, w.Difference * scale, w.Upper * scale, w.Lower * scale, w.ControlMean, w.TreatmentMean,
                w.Lower > 0 || w.Upper < 0, w.PValue, adjusted[i], w.ControlCount, w.TreatmentCount, r.Method, r.Boot);
        }).ToList();
        var srm = SampleRatioMismatch.Check(users.Arms, users.UsersPerArm(), options.PlannedSplit, options.SrmThreshold);
        return new AbReport(options, users.Arms, results, srm, diagnostics, users, sessions);
    }

    private static (double[] Control, double[] Treatment, string Method) Values(UserMetrics users, AbOptions options, string metric, string treatment)
    {
        var control = users.Values(metric, options.Control);
        var treated = users.Values(metric, treatment);
        if (options.PrePeriod is null) return (control, treated, "welch");
        var pre = options.PrePeriod.Values(metric);
        var byUser = new Dictionary<int, double>();
        for (var i = 0; i < options.PrePeriod.Count; i++) byUser[options.PrePeriod.User[i]] = pre[i];
        var meanX = pre.Length == 0 ? 0 : pre.Average();
        double[] Covariate(string arm)
        {
            var index = Array.IndexOf(users.Arms, arm);
            return Enumerable.Range(0, users.Count).Where(i => users.Arm[i] == index)
                .Select(i => byUser.TryGetValue(users.User[i], out var x) ? x : meanX).ToArray();
        }
        var xc = Covariate(options.Control);
        var xt = Covariate(treatment);
        double[] pooled = [.. xc, .. xt];
        var theta = Cuped.Theta(pooled, [.. control, .. treated]);
        var centre = pooled.Average();
        return (Cuped.Adjust(xc, control, theta, centre), Cuped.Adjust(xt, treated, theta, centre), "welch+cuped");
    }
}
