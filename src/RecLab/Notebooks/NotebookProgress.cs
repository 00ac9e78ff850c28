using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace RecLab.Notebooks;

/// <summary>
/// A live progress bar in the running notebook (the .NET Interactive kernel or the headless engine), updated at most
/// a few times a second. Library facades create one when they run inside a notebook and the caller passed no
/// progress of its own; outside notebooks <see cref="TryCreate"/> gives null.
/// </summary>
/// <remarks>
/// Where updates of a shown value do not reach the reader (<see cref="NotebookDisplay.LiveUpdates"/> is false: the
/// kernel under Jupyter), the bar is shown once, in its final state, when the work completes; a bar that stayed at
/// "0%" in the saved notebook would misreport what ran.
/// </remarks>
public sealed class NotebookProgress : IProgress<(double Done, double Total, string? Detail)>
{
    private readonly string _title;
    private readonly IDisplayHandle? _handle;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private TimeSpan _lastUpdate = TimeSpan.FromSeconds(-1);
    private bool _finalShown;

    private NotebookProgress(string title, IDisplayHandle? handle)
    {
        _title = title;
        _handle = handle;
    }

    /// <summary>A bar titled <paramref name="title"/> in the current notebook, or null outside notebooks.</summary>
    public static NotebookProgress? TryCreate(string title)
    {
        if (!NotebookDisplay.IsActive) return null;
        if (!NotebookDisplay.LiveUpdates) return new NotebookProgress(title, null);
        var handle = NotebookDisplay.Show(new ProgressView(title, 0, 1, null, TimeSpan.Zero));
        return handle is null ? null : new NotebookProgress(title, handle);
    }

    /// <inheritdoc />
    public void Report((double Done, double Total, string? Detail) value)
    {
        lock (_gate)
        {
            var now = _clock.Elapsed;
            var finished = value.Done >= value.Total;
            var view = new ProgressView(_title, value.Done, value.Total, value.Detail, now);
            if (_handle is null)
            {
                if (finished && !_finalShown) NotebookDisplay.Show(view);
                _finalShown |= finished;
                return;
            }
            if (!finished && now - _lastUpdate < TimeSpan.FromMilliseconds(300)) return;
            _lastUpdate = now;
            _handle.Update(view);
        }
    }

    /// <summary>Adapts this bar to a progress type of a library call.</summary>
    public IProgress<T> For<T>(Func<T, (double Done, double Total, string? Detail)> map) => new Mapped<T>(this, map);

    private sealed class Mapped<T>(NotebookProgress bar, Func<T, (double, double, string?)> map) : IProgress<T>
    {
        public void Report(T value) => bar.Report(map(value));
    }

    private sealed record ProgressView(string Title, double Done, double Total, string? Detail, TimeSpan Elapsed) : IHtmlRenderable
    {
        public string ToHtml()
        {
            var fraction = Total > 0 ? Math.Clamp(Done / Total, 0, 1) : 0;
            var percent = (fraction * 100).ToString("F0", CultureInfo.InvariantCulture);
            return "<div class=\"reclab-progress\" style=\"font:13px system-ui,sans-serif;margin:4px 0\">" +
                   $"<b>{WebUtility.HtmlEncode(Title)}</b> {percent}% · {Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s" +
                   (Detail is null ? "" : $" · {WebUtility.HtmlEncode(Detail)}") +
                   $"<div style=\"background:#eaeef2;border-radius:3px;height:8px;width:320px\"><div style=\"background:#2da44e;height:8px;border-radius:3px;width:{percent}%\"></div></div></div>";
        }

        public override string ToString() => $"{Title}: {Done:N0}/{Total:N0}{(Detail is null ? "" : " " + Detail)}";
    }
}
