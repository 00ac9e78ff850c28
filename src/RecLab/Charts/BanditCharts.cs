using Plotly.NET;
using RecLab.Bandits;

namespace RecLab.Charts;

/// <summary>Charts of a bandit comparison: reward per iteration and cumulative regret, each policy with its 95% band
/// over seeds, and the Lai–Robbins bound where it applies.</summary>
public static class BanditCharts
{
    /// <summary>Positives per sampled user at each iteration.</summary>
    public static GenericChart Reward(BanditComparison comparison) =>
        BandCharts.Lines($"{comparison.Task.Environment.Name}: reward per iteration (mean and 95% band over {comparison.Policies[0].Runs.Count} seeds)",
            "iteration", "positives per sampled user",
            comparison.Policies.Select(p =>
            {
                var (mean, lower, upper) = p.RewardBand;
                return new BandSeries(p.Policy, Enumerable.Range(1, mean.Length).Select(i => (double)i).ToList(), mean, lower, upper);
            }).ToList());

    /// <summary>Cumulative expected regret against the oracle over cumulative items shown; with
    /// <paramref name="laiRobbins"/> the bound <c>C ln n</c> is drawn too (meaningful for K = 1).</summary>
    public static GenericChart Regret(BanditComparison comparison, double? laiRobbins = null)
    {
        var series = comparison.Policies.Select(p =>
        {
            var (mean, lower, upper) = p.CumulativeRegretBand;
            var pulls = CumulativePulls(p);
            return new BandSeries(p.Policy, pulls, mean, lower, upper);
        }).ToList();
        if (laiRobbins is { } c)
        {
            var pulls = CumulativePulls(comparison.Policies[0]);
            series.Add(new BandSeries($"Lai–Robbins bound {c:F2} ln n", pulls, pulls.Select(n => c * Math.Log(n)).ToList()));
        }
        return BandCharts.Lines($"{comparison.Task.Environment.Name}: cumulative regret", "items shown (n)", "regret (expected positives lost)", series);
    }

    /// <summary>Final score per policy with its 95% interval.</summary>
    public static GenericChart FinalScores(BanditComparison comparison)
    {
        var chart = BarCharts.Values($"{comparison.Task.Environment.Name}: final score (95% interval over seeds)", "positives per user",
            comparison.Policies.Select(p => p.Policy).ToList(), comparison.Policies.Select(p => p.FinalMean).ToList());
        return chart.WithTraceProperty("error_y", _ => new Dictionary<string, object>
        {
            ["type"] = "data",
            ["symmetric"] = false,
            ["array"] = comparison.Policies.Select(p => p.FinalInterval.Upper - p.FinalMean).ToArray(),
            ["arrayminus"] = comparison.Policies.Select(p => p.FinalMean - p.FinalInterval.Lower).ToArray(),
        });
    }

    private static List<double> CumulativePulls(PolicySummary policy)
    {
        var sum = 0.0;
        return Enumerable.Range(0, policy.Runs[0].Pulls.Length).Select(t => sum += policy.Runs.Average(r => r.Pulls[t])).ToList();
    }
}
