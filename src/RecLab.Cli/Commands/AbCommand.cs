using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RecLab.Analysis;
using RecLab.Charts;
using RecLab.Events;
using RecLab.Notebooks;
using Spectre.Console;

namespace RecLab.Cli.Commands;

/// <summary><c>reclab ab LOGS... --experiment NAME</c>: treatment-versus-control effects with intervals.</summary>
public static class AbCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var logs = new Argument<string[]>("logs") { Description = "Event logs: RecLab Parquet files or folders, or the course's data.json folders (one per replica).", Arity = ArgumentArity.OneOrMore };
        var experiment = new Option<string>("--experiment", "-e") { Description = "Experiment to analyse.", Required = true };
        var control = new Option<string>("--control") { Description = "Control arm.", DefaultValueFactory = _ => "C" };
        var alpha = new Option<double>("--alpha") { Description = "Significance level.", DefaultValueFactory = _ => 0.05 };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples per comparison (0 = Welch only).", DefaultValueFactory = _ => 0 };
        var split = new Option<bool>("--split-interleaved") { Description = "For logs without session ids: separate a user's concurrent sessions by following track -> recommendation chains (the course merges them)." };
        var order = new Option<string>("--order")
        {
            Description = "Order of one user's rows with equal timestamps: chain (along the recommendation chain, the default) or course " +
                          "(the course notebook's rule made deterministic: logs concatenated in the order given, stable sort by timestamp).",
            DefaultValueFactory = _ => "chain",
            HelpName = "chain|course",
        };
        var skip = new Option<bool>("--skip-bad-lines") { Description = "For JSON-lines logs: skip and count malformed lines instead of failing." };
        var skipIncomplete = new Option<bool>("--skip-incomplete") { Description = "For Parquet logs: leave out parts whose writer did not finish (a killed replica's; counted in a warning) instead of refusing the folder." };
        var json = new Option<bool>("--json") { Description = "Print one JSON record per (treatment, metric)." };
        var report = new Option<string?>("--report") { Description = "Write a self-contained HTML report (table, charts, warnings)." };
        var stats = new Option<bool>("--timing") { Description = "Print wall time and peak memory of the analysis to standard error as JSON (used by reclab bench ab)." };
        var command = new Command("ab", "A/B analysis: Welch intervals in % of control per arm and metric, p-values with Holm's correction, SRM check.")
            { logs, experiment, control, alpha, bootstrap, split, order, skip, skipIncomplete, json, report, stats };
        command.SetAction(result => Terminal.Guard(() =>
        {
            var clock = Stopwatch.StartNew();
            var paths = result.GetValue(logs)!;
            var options = new AbOptions
            {
                Experiment = result.GetValue(experiment)!,
                Control = result.GetValue(control)!,
                Alpha = result.GetValue(alpha),
                BootstrapResamples = result.GetValue(bootstrap),
                Interleaved = result.GetValue(split) ? InterleavedSessions.SplitByChain : InterleavedSessions.Merge,
                Order = ParseOrder(result.GetValue(order)!),
            };
            var analysis = AbAnalysis.Run(paths, options, result.GetValue(skip), new EventReadOptions { SkipIncomplete = result.GetValue(skipIncomplete) });
            var elapsed = clock.Elapsed;
            foreach (var warning in analysis.Warnings) Terminal.StdErr.WriteLine($"warning: {warning}");
            if (result.GetValue(json)) PrintJson(analysis);
            else PrintTable(analysis);
            if (result.GetValue(report) is { } path) WriteReport(analysis, path);
            if (result.GetValue(stats))
                Terminal.StdErr.WriteLine(JsonSerializer.Serialize(new
                {
                    events = analysis.Diagnostics?.Events ?? 0,
                    seconds = elapsed.TotalSeconds,
                    peak_memory_mb = Process.GetCurrentProcess().PeakWorkingSet64 / 1e6,
                }));
            return Task.FromResult(0);
        }));
        return command;
    }

    /// <summary>The <c>--order</c> value; anything else is a usage error (exit 2) naming the value and the choices.</summary>
    private static EventOrder ParseOrder(string value) => value switch
    {
        "chain" => EventOrder.Chain,
        "course" => EventOrder.Course,
        _ => throw new ArgumentException($"--order '{value}': must be chain or course."),
    };

    /// <summary>One JSON record per comparison: the course's columns and p-values; for logs without session ids also
    /// the order of ties used, the tied rows, and the effect and verdict under both orders.</summary>
    private static void PrintJson(AbReport analysis)
    {
        foreach (var r in analysis.Results)
        {
            var record = new Dictionary<string, object>
            {
                ["treatment"] = r.Treatment,
                ["metric"] = r.Metric,
                ["effect"] = r.Effect,
                ["upper"] = r.Upper,
                ["lower"] = r.Lower,
                ["control_mean"] = r.ControlMean,
                ["treatment_mean"] = r.TreatmentMean,
                ["significant"] = r.Significant,
                ["p_value"] = r.PValue,
                ["p_adjusted"] = r.PAdjusted,
            };
            if (analysis.OrderSensitivity is { } sensitivity && sensitivity.Get(r.Treatment, r.Metric) is { } e)
            {
                record["order"] = analysis.Options.Order == EventOrder.Course ? "course" : "chain";
                record["tied_rows"] = sensitivity.TiedRows;
                record["effect_chain"] = e.EffectChain;
                record["effect_course"] = e.EffectCourse;
                record["significant_chain"] = e.SignificantChain;
                record["significant_course"] = e.SignificantCourse;
            }
            Terminal.StdOut.WriteLine(JsonSerializer.Serialize(record));
        }
    }

    private static void PrintTable(AbReport analysis)
    {
        var table = new Table().AddColumns(AbReport.Columns.Select(c => new TableColumn(c)).ToArray());
        foreach (var r in analysis.Results)
        {
            string Signed(double v) => $"[{(v < 0 ? "red" : "green")}]{v.ToString("F3", CultureInfo.InvariantCulture)}[/]";
            table.AddRow(Markup.Escape(r.Treatment), Markup.Escape(r.Metric), Signed(r.Effect), Signed(r.Upper), Signed(r.Lower),
                r.ControlMean.ToString("F4", CultureInfo.InvariantCulture), r.TreatmentMean.ToString("F4", CultureInfo.InvariantCulture),
                r.Significant ? "[green]True[/]" : "[red]False[/]",
                r.PValue.ToString("G3", CultureInfo.InvariantCulture), r.PAdjusted.ToString("G3", CultureInfo.InvariantCulture));
        }
        Terminal.Out.Write(table);
        if (analysis.OrderSensitivity is not { TiedRows: > 0 } sensitivity) return;
        Terminal.Out.WriteLine($"Effects under both orders of the {sensitivity.TiedRows:N0} tied rows (equal timestamps of one user; this run: --order {(analysis.Options.Order == EventOrder.Course ? "course" : "chain")}):");
        var orders = new Table().AddColumns(AbReport.OrderColumns.Select(c => new TableColumn(c)).ToArray());
        foreach (var e in sensitivity.Effects)
            orders.AddRow(Markup.Escape(e.Treatment), Markup.Escape(e.Metric), e.EffectChain.ToString("F3", CultureInfo.InvariantCulture),
                e.EffectCourse.ToString("F3", CultureInfo.InvariantCulture), e.Shift.ToString("+0.000;-0.000", CultureInfo.InvariantCulture),
                e.SignificantChain.ToString(), e.VerdictDiffers ? $"[yellow]{e.SignificantCourse}[/]" : e.SignificantCourse.ToString());
        Terminal.Out.Write(orders);
    }

    private static void WriteReport(AbReport analysis, string path)
    {
        var builder = new ReportBuilder($"A/B analysis: {analysis.Options.Experiment}")
            .Markdown($"{analysis.Diagnostics?.Events ?? 0:N0} events, {analysis.Diagnostics?.Sessions ?? 0:N0} sessions; control arm `{analysis.Options.Control}`. " +
                      "Effects are differences of per-user means in % of the control mean, with Welch intervals; " +
                      "p-values are two-sided, adjusted by Holm over all comparisons shown.")
            .Show(analysis)
            .Show(AbCharts.Effects(analysis));
        if (analysis.Sessions is { } sessions) builder.Show(AbCharts.PerSession(sessions)).Show(AbCharts.PerSession(sessions, tracks: true));
        builder.Save(path, [new("generated", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)), new("RecLab", RecLabSession.Version)]);
        Terminal.StdErr.WriteLine($"report: {Path.GetFullPath(path)}");
    }
}
