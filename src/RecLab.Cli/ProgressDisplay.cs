using Spectre.Console;

namespace RecLab.Cli;

/// <summary>A progress bar on standard error for long work (a plain line per tenth when standard error is not a terminal).</summary>
public static class ProgressDisplay
{
    /// <summary>Runs <paramref name="work"/> with a bar titled <paramref name="title"/>; the work reports (done, total).</summary>
    public static T Run<T>(string title, Func<IProgress<(double Done, double Total)>, T> work)
    {
        if (!Terminal.Err.Profile.Capabilities.Interactive)
        {
            var lastTenth = -1;
            var plain = new Progress<(double Done, double Total)>(p =>
            {
                var tenth = p.Total > 0 ? (int)(10 * p.Done / p.Total) : 0;
                if (tenth <= lastTenth) return;
                lastTenth = tenth;
                Terminal.StdErr.WriteLine($"{title}: {10 * tenth}%");
            });
            return work(plain);
        }
        T result = default!;
        Terminal.Err.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: 1);
                result = work(new SynchronousProgress(p =>
                {
                    task.MaxValue = Math.Max(p.Total, 1);
                    task.Value = p.Done;
                }));
                task.Value = task.MaxValue;
            });
        return result;
    }

    private sealed class SynchronousProgress(Action<(double Done, double Total)> report) : IProgress<(double Done, double Total)>
    {
        public void Report((double Done, double Total) value) => report(value);
    }
}
