using Plotly.NET;

namespace RecLab.Charts;

/// <summary>Line charts of one or more series over a step axis (training losses, rewards per iteration).</summary>
public static class LineCharts
{
    /// <summary>One line per named series, x = 1, 2, ... for each.</summary>
    public static GenericChart Series(string title, string xTitle, string yTitle, IEnumerable<KeyValuePair<string, IReadOnlyList<double>>> series, bool logY = false)
    {
        var lines = series.Select(s => Plotly.NET.CSharp.Chart.Line<int, double, string>(
            x: Enumerable.Range(1, s.Value.Count), y: s.Value, Name: s.Key, ShowLegend: true));
        return Plotly.NET.CSharp.Chart.Combine(lines).Titled(title, xTitle, yTitle, logY);
    }

    /// <summary>A single series.</summary>
    public static GenericChart Series(string title, string xTitle, string yTitle, string name, IReadOnlyList<double> values, bool logY = false) =>
        Series(title, xTitle, yTitle, [new KeyValuePair<string, IReadOnlyList<double>>(name, values)], logY);
}
