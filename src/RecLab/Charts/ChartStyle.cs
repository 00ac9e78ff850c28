using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.CSharp;

namespace RecLab.Charts;

/// <summary>Titles, axis titles and sizes for Plotly.NET charts, in one C#-friendly place (Plotly.NET.CSharp 0.14 has
/// no title helper, and Plotly.NET's own is an F# function).</summary>
public static class ChartStyle
{
    /// <summary>Default chart height in pixels; the width follows the page (responsive).</summary>
    public const int Height = 420;

    /// <summary>Sets the chart title, the axis titles when given, a log y axis when asked, and the height.</summary>
    public static GenericChart Titled(this GenericChart chart, string title, string? xTitle = null, string? yTitle = null, bool logY = false)
    {
        chart = Plotly.NET.Chart.withTitle(title, FSharpOption<Font>.None).Invoke(chart);
        chart = chart.WithSize(Height: Height);
        if (xTitle is not null) chart = chart.WithXAxisStyle<double, double, string>(TitleText: xTitle);
        if (yTitle is not null || logY)
            chart = logY
                ? chart.WithYAxisStyle<double, double, string>(TitleText: yTitle ?? "", AxisType: StyleParam.AxisType.Log)
                : chart.WithYAxisStyle<double, double, string>(TitleText: yTitle!);
        return chart;
    }

    /// <summary>Sets a raw plotly.js property on every trace (e.g. <c>error_y</c>), for what Plotly.NET's C# API lacks.</summary>
    public static GenericChart WithTraceProperty(this GenericChart chart, string name, Func<int, object> valueForTrace)
    {
        var index = 0;
        return GenericChart.mapTrace(FSharpFunc<Trace, Trace>.FromConverter(trace =>
        {
            trace.SetProperty(name, valueForTrace(index++));
            return trace;
        }), chart);
    }

    /// <summary>Sets a raw plotly.js layout property (e.g. <c>barmode</c>).</summary>
    public static GenericChart WithLayoutProperty(this GenericChart chart, string name, object value)
    {
        var layout = GenericChart.getLayout(chart);
        layout.SetProperty(name, value);
        return GenericChart.setLayout(layout, chart);
    }
}
