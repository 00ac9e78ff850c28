using Microsoft.AspNetCore.Html;
using RecLab.Notebooks;

namespace RecLab.Cli.Notebooks;

/// <summary>
/// What a notebook cell sees as globals in the headless engine: the same <c>display</c> and <c>HTML</c> functions
/// that the .NET Interactive C# kernel provides (<c>using static Microsoft.DotNet.Interactive.Kernel</c>).
/// </summary>
public sealed class ScriptGlobals
{
    private readonly CellOutputSink _sink;

    internal ScriptGlobals(CellOutputSink sink) => _sink = sink;

    /// <summary>Shows <paramref name="value"/> as an output of the running cell, formatted like the kernel would; the
    /// returned value can replace it later with <see cref="DisplayedValue.Update"/>.</summary>
    // ReSharper disable once InconsistentNaming: the kernel's name.
#pragma warning disable IDE1006
    public DisplayedValue display(object? value, params string[] mimeTypes) => _sink.Display(value, mimeTypes);

    /// <summary>Marks <paramref name="content"/> as HTML to display as is.</summary>
    public IHtmlContent HTML(string content) => new HtmlString(content);
#pragma warning restore IDE1006
}

/// <summary>A displayed output that can be replaced in place, like the kernel's <c>DisplayedValue</c>.</summary>
public sealed class DisplayedValue : IDisplayHandle
{
    private readonly Action<object?> _update;

    internal DisplayedValue(Action<object?> update) => _update = update;

    /// <summary>Replaces the displayed output with <paramref name="value"/>.</summary>
    public void Update(object? value) => _update(value);

    void IDisplayHandle.Update(object value) => _update(value);
}
