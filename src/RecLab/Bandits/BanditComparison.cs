using Microsoft.Data.Analysis;
using RecLab.Analysis;
using RecLab.Notebooks;

namespace RecLab.Bandits;

/// <summary>One policy's runs over several seeds: final score with a t interval, and per-iteration means.</summary>
/// <param name="Policy">Policy name.</param>
/// <param name="Runs">One run per seed.</param>
public sealed record PolicySummary(string Policy, IReadOnlyList<BanditRun> Runs)
{
    /// <summary>Mean final score over seeds.</summary>
    public double FinalMean => Runs.Average(r => r.FinalScore);

    /// <summary>95% t interval of the mean final score (Student's t with seeds − 1 degrees of freedom).</summary>
    public (double Lower, double Upper) FinalInterval => Interval(Runs.Select(r => r.FinalScore).ToArray());

    /// <summary>Per-iteration mean reward and its 95% band over seeds.</summary>
    public (double[] Mean, double[] Lower, double[] Upper) RewardBand => Band(Runs.Select(r => r.Reward).ToList());

    /// <summary>Cumulative regret: mean and 95% band over seeds.</summary>
    public (double[] Mean, double[] Lower, double[] Upper) CumulativeRegretBand => Band(Runs.Select(r => r.CumulativeRegret).ToList());

    /// <summary>Median iterations per second over the runs.</summary>
    public double IterationsPerSecond => Runs.Select(r => r.IterationsPerSecond).Order().ElementAt(Runs.Count / 2);

    private static (double Lower, double Upper) Interval(double[] values)
    {
        if (values.Length < 2) return (values[0], values[0]);
        var (mean, variance) = WelchTest.MeanVariance(values);
        var half = StudentTDistribution.Quantile(0.975, values.Length - 1) * Math.Sqrt(variance / values.Length);
        return (mean - half, mean + half);
    }

    private static (double[] Mean, double[] Lower, double[] Upper) Band(IReadOnlyList<double[]> series)
    {
        var length = series[0].Length;
        var mean = new double[length];
        var lower = new double[length];
        var upper = new double[length];
        for (var t = 0; t < length; t++)
        {
            var values = series.Select(s => s[t]).ToArray();
            mean[t] = values.Average();
            (lower[t], upper[t]) = Interval(values);
        }
        return (mean, lower, upper);
    }
}

/// <summary>Policies compared on one task over the same seeds (so they see the same users and response draws).</summary>
/// <param name="Task">The task.</param>
/// <param name="Policies">One summary per policy, in the task's order.</param>
public sealed record BanditComparison(BanditTask Task, IReadOnlyList<PolicySummary> Policies) : IHtmlRenderable
{
    /// <summary>Runs every policy of <paramref name="task"/> (or those named) on <paramref name="seeds"/> seeds
    /// (1, 2, ...), seeds in parallel.</summary>
    public static BanditComparison Run(BanditTask task, int seeds = 10, IReadOnlyList<string>? policies = null, ulong firstSeed = 1)
    {
        var factories = policies is null ? task.Policies : policies.Select(task.Policy).ToList();
        var summaries = factories.Select(make =>
        {
            var runs = new BanditRun[seeds];
            Parallel.For(0, seeds, s => runs[s] = BanditRunner.Run(task.Environment, task.Schedule, make(), firstSeed + (ulong)s));
            return new PolicySummary(runs[0].Policy, runs);
        }).ToList();
        return new BanditComparison(task, summaries);
    }

    /// <summary>The best policy by mean final score; among equal final scores, the one that earned more while learning.</summary>
    public PolicySummary Best => Policies.OrderByDescending(p => p.FinalMean).ThenByDescending(p => p.Runs.Average(r => r.Reward.Average())).First();

    /// <summary>Final scores: policy, mean, 95% interval, iterations per second.</summary>
    public DataFrame ToDataFrame() => new(
        new StringDataFrameColumn("policy", Policies.Select(p => p.Policy)),
        new DoubleDataFrameColumn("final_score", Policies.Select(p => p.FinalMean)),
        new DoubleDataFrameColumn("lower", Policies.Select(p => p.FinalInterval.Lower)),
        new DoubleDataFrameColumn("upper", Policies.Select(p => p.FinalInterval.Upper)),
        new DoubleDataFrameColumn("mean_reward", Policies.Select(p => p.Runs.Average(r => r.Reward.Average()))),
        new DoubleDataFrameColumn("cumulative_regret", Policies.Select(p => p.Runs.Average(r => r.CumulativeRegret[^1]))),
        new DoubleDataFrameColumn("iterations_per_second", Policies.Select(p => p.IterationsPerSecond)));

    /// <inheritdoc />
    public string ToHtml()
    {
        var html = new System.Text.StringBuilder();
        html.Append($"<div style=\"font:13px system-ui,sans-serif;color:#57606a\">{System.Net.WebUtility.HtmlEncode(Task.Environment.Name)}: " +
                    $"{Task.Environment.Users:N0} users, {Task.Environment.Items:N0} items, K = {Task.Schedule.K}, {Task.Schedule.Iterations} iterations, " +
                    $"{Policies[0].Runs.Count} seeds; final score = positives per user when every user gets K items after the last iteration</div>");
        var target = Task.Target ?? double.NaN;
        html.Append("<table class=\"reclab-table\"><thead><tr><th>policy</th><th>final score</th><th>95% interval</th><th>mean reward</th><th>cumulative regret</th><th>iterations/s</th></tr></thead><tbody>");
        foreach (var p in Policies)
        {
            var (lower, upper) = p.FinalInterval;
            var style = p == Best ? " style=\"font-weight:600\"" : "";
            html.Append($"<tr{style}><td>{System.Net.WebUtility.HtmlEncode(p.Policy)}</td><td class=\"num\">{p.FinalMean:F4}</td><td class=\"num\">[{lower:F4}, {upper:F4}]</td>")
                .Append($"<td class=\"num\">{p.Runs.Average(r => r.Reward.Average()):F4}</td><td class=\"num\">{p.Runs.Average(r => r.CumulativeRegret[^1]):F0}</td><td class=\"num\">{p.IterationsPerSecond:N0}</td></tr>");
        }
        html.Append("</tbody></table>");
        if (!double.IsNaN(target))
            html.Append($"<div style=\"font:13px system-ui,sans-serif\">target for the best policy: ≥ {target}; best: {Best.Policy} {Best.FinalMean:F4} " +
                        $"<span class=\"{(Best.FinalMean >= target ? "reclab-ok\">met" : "reclab-fail\">missed")}</span></div>");
        return html.ToString();
    }
}
