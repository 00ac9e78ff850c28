using Plotly.NET;
using RecLab.Analysis;

namespace RecLab.Charts;

/// <summary>Charts of an A/B report: effects with their intervals per arm and metric, and per-session distributions.</summary>
public static class AbCharts
{
    /// <summary>Effect (% of control) per metric, one series per treatment arm, with Welch interval error bars and the
    /// zero line; significant effects are drawn filled, others hollow.</summary>
    public static GenericChart Effects(AbReport report, IReadOnlyList<string>? metrics = null)
    {
        var shown = metrics ?? report.Results.Select(r => r.Metric).Distinct().ToList();
        var series = report.Results.GroupBy(r => r.Treatment).Select(group =>
        {
            var rows = shown.Select(m => group.FirstOrDefault(r => r.Metric == m)).Where(r => r is not null).Select(r => r!).ToList();
            return (Arm: group.Key, Rows: rows);
        }).ToList();
        var points = series.Select(s => Plotly.NET.CSharp.Chart.Point<string, double, string>(
            x: s.Rows.Select(r => r.Metric), y: s.Rows.Select(r => r.Effect), Name: s.Arm, ShowLegend: true)).ToList();
        return Plotly.NET.CSharp.Chart.Combine(points)
            .WithTraceProperty("error_y", i => new Dictionary<string, object>
            {
                ["type"] = "data",
                ["symmetric"] = false,
                ["array"] = series[i].Rows.Select(r => r.Upper - r.Effect).ToArray(),
                ["arrayminus"] = series[i].Rows.Select(r => r.Effect - r.Lower).ToArray(),
            })
            .WithTraceProperty("marker", i => new Dictionary<string, object>
            {
                ["size"] = 11,
                ["symbol"] = series[i].Rows.Select(r => r.Significant ? "circle" : "circle-open").ToArray(),
            })
            .Titled($"Effects vs {report.Options.Control} ({(1 - report.Options.Alpha) * 100:0}% Welch intervals; filled = significant)", "metric", "effect, % of control")
            .WithLayoutProperty("shapes", new[]
            {
                new Dictionary<string, object>
                {
                    ["type"] = "line", ["xref"] = "paper", ["x0"] = 0, ["x1"] = 1, ["y0"] = 0, ["y1"] = 0,
                    ["line"] = new Dictionary<string, object> { ["color"] = "#57606a", ["width"] = 1, ["dash"] = "dot" },
                },
            });
    }

    /// <summary>Distribution of a per-session quantity (listening time or tracks) per arm, as fractions of each arm's sessions.</summary>
    public static GenericChart PerSession(SessionTable sessions, bool tracks = false)
    {
        var groups = sessions.Arms.Select((arm, a) =>
        {
            var rows = Enumerable.Range(0, sessions.Count).Where(i => sessions.Arm[i] == a);
            var histogram = tracks
                ? Histogram.OfIntegers(rows.Select(i => sessions.Tracks[i]), 6, 40)
                : Histogram.Of(rows.Select(i => sessions.Time[i]), 1, 11, 40);
            return new KeyValuePair<string, Histogram>(arm, histogram);
        });
        return tracks
            ? DistributionCharts.Fractions("Tracks per session by arm (40 = 40 or more)", "tracks per session", groups)
            : DistributionCharts.Fractions("Listening time per session by arm (11 = 11 or more)", "time per session", groups);
    }
}
