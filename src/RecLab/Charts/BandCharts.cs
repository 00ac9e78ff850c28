using Plotly.NET;

namespace RecLab.Charts;

/// <summary>One line with its confidence band.</summary>
/// <param name="Name">Legend name.</param>
/// <param name="X">x values.</param>
/// <param name="Mean">The line.</param>
/// <param name="Lower">Lower edge of the band (null for no band).</param>
/// <param name="Upper">Upper edge of the band.</param>
public sealed record BandSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Mean, IReadOnlyList<double>? Lower = null, IReadOnlyList<double>? Upper = null);

/// <summary>Lines with shaded confidence bands (mean over seeds with its 95% interval), one colour per series.</summary>
public static class BandCharts
{
    private static readonly string[] Palette = ["#636efa", "#ef553b", "#00cc96", "#ab63fa", "#ffa15a", "#19d3f3", "#ff6692", "#b6e880", "#ff97ff", "#fecb52"];

    /// <summary>The chart: for each series a shaded band (when given) and its mean line.</summary>
    public static GenericChart Lines(string title, string xTitle, string yTitle, IReadOnlyList<BandSeries> series, bool logX = false)
    {
        var traces = new List<GenericChart>();
        var styles = new List<Dictionary<string, object>>();
        for (var s = 0; s < series.Count; s++)
        {
            var (item, colour) = (series[s], Palette[s % Palette.Length]);
            if (item.Lower is not null && item.Upper is not null)
            {
                traces.Add(Plotly.NET.CSharp.Chart.Line<double, double, string>(x: item.X, y: item.Upper, Name: item.Name + " upper", ShowLegend: false));
                styles.Add(new() { ["line"] = new Dictionary<string, object> { ["width"] = 0, ["color"] = colour }, ["hoverinfo"] = "skip" });
                traces.Add(Plotly.NET.CSharp.Chart.Line<double, double, string>(x: item.X, y: item.Lower, Name: item.Name + " 95%", ShowLegend: false));
                styles.Add(new() { ["line"] = new Dictionary<string, object> { ["width"] = 0, ["color"] = colour }, ["fill"] = "tonexty", ["fillcolor"] = Fade(colour), ["hoverinfo"] = "skip" });
            }
            traces.Add(Plotly.NET.CSharp.Chart.Line<double, double, string>(x: item.X, y: item.Mean, Name: item.Name, ShowLegend: true));
            styles.Add(new() { ["line"] = new Dictionary<string, object> { ["width"] = 2, ["color"] = colour } });
        }
        var chart = Plotly.NET.CSharp.Chart.Combine(traces).Titled(title, xTitle, yTitle);
        foreach (var key in new[] { "line", "fill", "fillcolor", "hoverinfo" })
            chart = chart.WithTraceProperty(key, i => styles[i].GetValueOrDefault(key) ?? (key == "fill" ? "none" : key == "hoverinfo" ? "all" : key == "fillcolor" ? "rgba(0,0,0,0)" : new Dictionary<string, object>()));
        return logX ? chart.WithLayoutProperty("xaxis", new Dictionary<string, object> { ["type"] = "log", ["title"] = new Dictionary<string, object> { ["text"] = xTitle } }) : chart;
    }

    private static string Fade(string hex) =>
        $"rgba({Convert.ToInt32(hex[1..3], 16)},{Convert.ToInt32(hex[3..5], 16)},{Convert.ToInt32(hex[5..7], 16)},0.18)";
}
