using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RecLab.Analysis;
using RecLab.Events;
using RecLab.Experiments;
using RecLab.Recommenders;
using RecLab.Simulation;
using RecLab.World;
using Spectre.Console;

namespace RecLab.Cli.Commands;

/// <summary><c>reclab simulate</c>: listeners against the embedded service, into an event log.</summary>
public static class SimulateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var world = new Option<string>("--world") { Description = "World folder (reclab world generate|import).", Required = true };
        var episodes = new Option<long>("--episodes", "-n") { Description = "Sessions to simulate.", DefaultValueFactory = _ => 10_000 };
        var experiment = new Option<string>("--experiment") { Description = "Experiment name (logged; hashes users into arms).", DefaultValueFactory = _ => StandardExperiments.BaselinesName };
        var arms = new Option<string[]>("--arm") { Description = "An arm as NAME=RECOMMENDER, e.g. T1=sticky-artist (repeatable; default the baselines C=random T1=toppop T2=sticky-artist T3=no-repeat(sticky-artist)).", Arity = ArgumentArity.ZeroOrMore };
        var outDir = new Option<string>("--out", "-o") { Description = "Folder for events.parquet.", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the simulation.", DefaultValueFactory = _ => 42 };
        var threads = new Option<int>("--threads") { Description = "Worker threads (0 = all cores).", DefaultValueFactory = _ => 0 };
        var courseLog = new Option<bool>("--course-log") { Description = "Also write the course's JSON-lines data.json." };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON." };
        var command = new Command("simulate", "Simulate listening sessions against the embedded recommendation service and log every request.")
            { world, episodes, experiment, arms, outDir, seed, threads, courseLog, json };
        command.SetAction((result, cancellation) => Terminal.Guard(() =>
        {
            var loaded = WorldFile.Load(result.GetValue(world)!);
            var output = Path.GetFullPath(result.GetValue(outDir)!);
            var factory = new RecommenderFactory(loaded, output);
            var armSpecs = result.GetValue(arms) is { Length: > 0 } given ? given.Select(ParseArm) : StandardExperiments.BaselineArms;
            var exp = Experiment.Create(result.GetValue(experiment)!, factory, armSpecs);
            var options = new SimulationOptions { Episodes = result.GetValue(episodes), Seed = result.GetValue(seed), Threads = result.GetValue(threads) };
            var run = ProgressDisplay.Run($"simulating {options.Episodes:N0} sessions", bar =>
                DataCollection.Run(loaded, [exp], output, options, new Progress<SimulationProgress>(p => bar.Report((p.Episodes, p.TotalEpisodes))), cancellation));
            var events = EventLogReader.Read(run.LogPath);
            if (result.GetValue(courseLog)) CourseJsonLog.Write(events, Path.Combine(output, "data.json"));
            var (sessions, _) = Sessionizer.Build(events, exp.Name);
            var summary = sessions.ArmSummary();
            if (result.GetValue(json))
            {
                Terminal.StdOut.WriteLine(JsonSerializer.Serialize(new
                {
                    log = run.LogPath,
                    episodes = run.Summary.Episodes,
                    steps = run.Summary.Steps,
                    steps_per_second = run.Summary.StepsPerSecond,
                    arms = Enumerable.Range(0, (int)summary.Rows.Count).Select(i => new
                    {
                        arm = (string)summary["arm"][i],
                        sessions = (long)summary["sessions"][i],
                        mean_tracks_per_session = (double)summary["mean_tracks_per_session"][i],
                        mean_time_per_session = (double)summary["mean_time_per_session"][i],
                    }),
                }, new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                Terminal.Err.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"{run.Summary.Episodes:N0} sessions, {run.Summary.Steps:N0} requests in {run.Summary.Elapsed.TotalSeconds:F2} s ({run.Summary.StepsPerSecond:N0} requests/s) -> {run.LogPath}")));
                var table = new Table().AddColumns("arm", "recommender", "sessions", "tracks/session", "time/session");
                for (var i = 0; i < summary.Rows.Count; i++)
                {
                    var arm = (string)summary["arm"][i];
                    table.AddRow(arm, Markup.Escape(exp.Arms.First(a => a.Name == arm).Spec), $"{summary["sessions"][i]:N0}",
                        string.Create(CultureInfo.InvariantCulture, $"{(double)summary["mean_tracks_per_session"][i]:F3}"),
                        string.Create(CultureInfo.InvariantCulture, $"{(double)summary["mean_time_per_session"][i]:F3}"));
                }
                Terminal.Out.Write(table);
            }
            return Task.FromResult(0);
        }));
        return command;
    }

    /// <summary>Parses <c>NAME=SPEC</c>.</summary>
    public static KeyValuePair<string, string> ParseArm(string text)
    {
        var eq = text.IndexOf('=');
        if (eq <= 0 || eq == text.Length - 1) throw new ArgumentException($"--arm '{text}' is not of the form NAME=RECOMMENDER (e.g. T1=sticky-artist).");
        return new(text[..eq].Trim(), text[(eq + 1)..].Trim());
    }
}
