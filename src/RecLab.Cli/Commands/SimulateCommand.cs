using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RecLab.Analysis;
using RecLab.Events;
using RecLab.Experiments;
using RecLab.Recommenders;
using RecLab.Service;
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
        var outDir = new Option<string?>("--out", "-o") { Description = "Folder for events.parquet (embedded service)." };
        var service = new Option<string?>("--service") { Description = "Drive the HTTP service at these addresses (';'-separated: nginx, or each replica) instead of the embedded one; the service logs the events." };
        var concurrency = new Option<int>("--concurrency") { Description = "Concurrent sessions against the HTTP service.", DefaultValueFactory = _ => 64 };
        var firstSession = new Option<long?>("--first-session") { Description = "Session id of the first episode (default: embedded 0; over HTTP the current time in ms × 1000, so runs never share ids)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the simulation.", DefaultValueFactory = _ => 42 };
        var threads = new Option<int>("--threads") { Description = "Worker threads (0 = all cores).", DefaultValueFactory = _ => 0 };
        var courseLog = new Option<bool>("--course-log") { Description = "Also write the course's JSON-lines data.json." };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON." };
        var command = new Command("simulate", "Simulate listening sessions against the embedded recommendation service and log every request.")
            { world, episodes, experiment, arms, outDir, service, concurrency, firstSession, seed, threads, courseLog, json };
        command.SetAction((result, cancellation) => Terminal.Guard(() =>
        {
            var loaded = WorldFile.Load(result.GetValue(world)!);
            if (result.GetValue(service) is { } addresses)
                return Over(loaded, addresses, new SimulationOptions
                {
                    Episodes = result.GetValue(episodes),
                    Seed = result.GetValue(seed),
                    FirstSession = result.GetValue(firstSession) ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000,
                }, result.GetValue(concurrency), result.GetValue(json), cancellation);
            var output = Path.GetFullPath(result.GetValue(outDir) ?? throw new ArgumentException("--out is required with the embedded service (or give --service URL)."));
            var factory = new RecommenderFactory(loaded, output);
            var armSpecs = result.GetValue(arms) is { Length: > 0 } given ? given.Select(ParseArm) : StandardExperiments.BaselineArms;
            var exp = Experiment.Create(result.GetValue(experiment)!, factory, armSpecs);
            var options = new SimulationOptions
            {
                Episodes = result.GetValue(episodes), Seed = result.GetValue(seed), Threads = result.GetValue(threads), FirstSession = result.GetValue(firstSession) ?? 0,
            };
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

    private static async Task<int> Over(MusicWorld world, string addresses, SimulationOptions options, int concurrency, bool json, CancellationToken cancellation)
    {
        var replicas = addresses.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(a => new Uri(a.EndsWith('/') ? a : a + "/")).ToList();
        using var client = new HttpBotifyClient(replicas, connectionsPerReplica: concurrency);
        var result = await ProgressDisplay.Run($"simulating {options.Episodes:N0} sessions over HTTP", bar =>
            ServiceSimulator.RunAsync(world, client, options, concurrency, new Progress<SimulationProgress>(p => bar.Report((p.Episodes, p.TotalEpisodes))), cancellation));
        var figures = new Dictionary<string, object>
        {
            ["service"] = string.Join(";", replicas),
            ["episodes"] = result.Summary.Episodes,
            ["first_session"] = options.FirstSession,
            ["requests"] = result.Requests,
            ["requests_per_second"] = Math.Round(result.RequestsPerSecond),
            ["p50_ms"] = Math.Round(result.P50Ms, 3),
            ["p99_ms"] = Math.Round(result.P99Ms, 3),
            ["errors"] = result.Errors,
            ["retries"] = result.Retries,
            ["retry_causes"] = result.RetryCauses,
            ["concurrency"] = concurrency,
        };
        BenchCommand.Print(figures, json);
        return result.Errors == 0 ? 0 : 1;
    }

    /// <summary>Parses <c>NAME=SPEC</c>.</summary>
    public static KeyValuePair<string, string> ParseArm(string text)
    {
        var eq = text.IndexOf('=');
        if (eq <= 0 || eq == text.Length - 1) throw new ArgumentException($"--arm '{text}' is not of the form NAME=RECOMMENDER (e.g. T1=sticky-artist).");
        return new(text[..eq].Trim(), text[(eq + 1)..].Trim());
    }
}
