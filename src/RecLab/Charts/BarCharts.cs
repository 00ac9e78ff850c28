using Plotly.NET;

namespace RecLab.Charts;

/// <summary>Bar charts of one value per category (e.g. a metric per arm).</summary>
public static class BarCharts
{
    /// <summary>Bars of <paramref name="values"/> per category.</summary>
    public static GenericChart Values(string title, string yTitle, IReadOnlyList<string> categories, IReadOnlyList<double> values) =>
        Plotly.NET.CSharp.Chart.Column<double, string, string>(values: values, Keys: new Plotly.NET.CSharp.Optional<IEnumerable<string>>(categories, true), ShowLegend: false)
            .Titled(title, null, yTitle);
}
