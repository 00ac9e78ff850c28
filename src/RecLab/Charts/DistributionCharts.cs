using Plotly.NET;
using RecLab.Analysis;

namespace RecLab.Charts;

/// <summary>Distributions per group (arm), drawn from pre-computed <see cref="Histogram"/>s as fractions, so groups of
/// different sizes compare directly.</summary>
public static class DistributionCharts
{
    /// <summary>One line per group over bin centres, y = fraction of the group's values in the bin.</summary>
    public static GenericChart Fractions(string title, string xTitle, IEnumerable<KeyValuePair<string, Histogram>> groups, bool logY = false)
    {
        var lines = groups.Select(g => Plotly.NET.CSharp.Chart.Line<double, double, string>(
            x: g.Value.Centres, y: g.Value.Fractions, Name: g.Key, ShowLegend: true, ShowMarkers: true));
        return Plotly.NET.CSharp.Chart.Combine(lines).Titled(title, xTitle, "fraction", logY);
    }
}
