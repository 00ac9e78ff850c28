using Plotly.NET;
using RecLab.Bandits.OffPolicy;

namespace RecLab.Charts;

/// <summary>Off-policy estimates beside the truth.</summary>
public static class OffPolicyCharts
{
    /// <summary>Each estimator's estimate of each target policy with its 95% bootstrap interval (points with bars), and
    /// each target's true value as a dashed line across the estimators: an estimator is right where its bar crosses the
    /// line of its colour.</summary>
    public static GenericChart EstimatesVsTruth(IReadOnlyList<OffPolicyEstimate> estimates)
    {
        var traces = new List<GenericChart>();
        foreach (var target in estimates.GroupBy(e => e.Target))
        {
            var rows = target.ToList();
            var names = rows.Select(r => r.Estimator.Label()).ToList();
            traces.Add(Plotly.NET.CSharp.Chart.Point<string, double, string>(x: names, y: rows.Select(r => r.Estimate), Name: target.Key, ShowLegend: true)
                .WithTraceProperty("error_y", _ => new Dictionary<string, object>
                {
                    ["type"] = "data",
                    ["symmetric"] = false,
                    ["array"] = rows.Select(r => r.Upper - r.Estimate).ToArray(),
                    ["arrayminus"] = rows.Select(r => r.Estimate - r.Lower).ToArray(),
                })
                .WithTraceProperty("marker", _ => new Dictionary<string, object> { ["size"] = 10 }));
            traces.Add(Plotly.NET.CSharp.Chart.Line<string, double, string>(x: names, y: rows.Select(r => r.Truth), Name: $"{target.Key}: truth", ShowLegend: true)
                .WithTraceProperty("line", _ => new Dictionary<string, object> { ["dash"] = "dash" }));
        }
        return Plotly.NET.CSharp.Chart.Combine(traces)
            .Titled("Off-policy estimates (95% bootstrap intervals) against each target's true value (dashed)", "estimator", "value: positives per round");
    }
}
