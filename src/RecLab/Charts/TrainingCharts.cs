using Plotly.NET;
using RecLab.Analysis;
using RecLab.Training;

namespace RecLab.Charts;

/// <summary>Training curves and offline metrics of trained models.</summary>
public static class TrainingCharts
{
    /// <summary>Training loss per epoch of each named run, with the validation figure when it is a loss too (so the
    /// two compare on one axis); the best epoch kept is named in the legend.</summary>
    public static GenericChart Losses(params (string Name, TrainingHistory History)[] runs)
    {
        var series = new List<KeyValuePair<string, IReadOnlyList<double>>>();
        foreach (var (name, history) in runs)
        {
            series.Add(new($"{name} train loss", history.Epochs.Select(e => e.TrainLoss).ToList()));
            if (!history.HigherIsBetter) series.Add(new($"{name} {history.Metric} (best: epoch {history.BestEpoch})", history.Epochs.Select(e => e.Validation).ToList()));
        }
        return LineCharts.Series("Training curves", "epoch", "loss", series);
    }

    /// <summary>The validation figure per epoch of each named run (e.g. MRR@20 for CORE).</summary>
    public static GenericChart Validation(params (string Name, TrainingHistory History)[] runs) =>
        LineCharts.Series($"Validation {runs[0].History.Metric} per epoch", "epoch", runs[0].History.Metric,
            runs.Select(r => new KeyValuePair<string, IReadOnlyList<double>>($"{r.Name} (best: epoch {r.History.BestEpoch})", r.History.Epochs.Select(e => e.Validation).ToList())));

    /// <summary>Grouped bars of <paramref name="metric"/> (recall, ndcg or mrr) per model at each K.</summary>
    public static GenericChart Offline(IReadOnlyList<RankingScores> scores, string metric = "recall")
    {
        double Value(RankingScores s) => metric switch
        {
            "ndcg" => s.Ndcg,
            "mrr" => s.Mrr,
            "recall" => s.Recall,
            _ => throw new ArgumentException($"metric '{metric}' is not recall, ndcg or mrr.", nameof(metric)),
        };
        var bars = scores.GroupBy(s => s.Model).Select(g => Plotly.NET.CSharp.Chart.Column<double, string, string>(
            values: g.Select(Value), Keys: new Plotly.NET.CSharp.Optional<IEnumerable<string>>(g.Select(s => $"@{s.K}"), true), Name: g.Key, ShowLegend: true));
        return Plotly.NET.CSharp.Chart.Combine(bars).WithLayoutProperty("barmode", "group").Titled($"Offline {metric} on the test split", "cut-off", metric);
    }
}
