using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RecLab.Bandits;
using RecLab.Events;
using RecLab.Experiments;
using RecLab.Recommenders;
using RecLab.Service;
using RecLab.Simulation;
using RecLab.World;
using Spectre.Console;

namespace RecLab.Cli.Commands;

/// <summary><c>reclab bench ...</c>: speed and memory figures, printed (never asserted in unit tests).</summary>
public static class BenchCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create() => new("bench", "Measure speed and memory of RecLab's stages; prints medians over repeated runs.")
    {
        BenchSimulateCommand.Create(),
        Ab(),
        Bandits(),
        Serve(),
        BenchTrainCommand.Create(),
    };

    private static Command Serve()
    {
        var replicas = new Option<int>("--replicas") { Description = "Service replicas sharing one Redis.", DefaultValueFactory = _ => 2 };
        var nginx = new Option<bool>("--nginx") { Description = "Send requests through nginx, as users deploy (the default; --nginx false balances across replicas in the client).", DefaultValueFactory = _ => true };
        var episodes = new Option<long>("--episodes") { Description = "Sessions in the measured run.", DefaultValueFactory = _ => 30_000 };
        var warmup = new Option<long>("--warmup") { Description = "Sessions run first and not measured (JIT, connection pools).", DefaultValueFactory = _ => 5_000 };
        var concurrency = new Option<int>("--concurrency") { Description = "Concurrent sessions.", DefaultValueFactory = _ => 24 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("serve", "Requests per second and latency of the simulator against the service stack on loopback (replicas, Redis, optionally nginx).")
            { replicas, nginx, episodes, warmup, concurrency, json };
        command.SetAction((result, cancellation) => Terminal.Guard(async () =>
        {
            using var load = MachineLoad.Start();
            var root = RunCommand.FindRepositoryRoot() ?? throw new DirectoryNotFoundException("bench serve needs the repository (environment/stack.sh).");
            var dir = Path.Combine(Path.GetTempPath(), "reclab-bench-serve-" + Guid.NewGuid().ToString("N")[..8]);
            var world = WorldGenerator.Generate(new WorldOptions(), 42);
            WorldFile.Save(world, Path.Combine(dir, "world"));
            try
            {
                using var stack = LocalStack.Start(new LocalStackOptions
                {
                    Dir = Path.Combine(dir, "stack"), World = Path.Combine(dir, "world"), Replicas = result.GetValue(replicas),
                    Nginx = result.GetValue(nginx), Script = Path.Combine(root, "environment", "stack.sh"),
                    Cli = $"dotnet {typeof(BenchCommand).Assembly.Location}",
                });
                using var client = new HttpBotifyClient(stack.Entry, connectionsPerReplica: result.GetValue(concurrency));
                var first = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
                var warm = await ServiceSimulator.RunAsync(world, client, new SimulationOptions { Episodes = result.GetValue(warmup), Seed = 1, FirstSession = first }, result.GetValue(concurrency), cancellation: cancellation);
                var measured = await ServiceSimulator.RunAsync(world, client, new SimulationOptions { Episodes = result.GetValue(episodes), Seed = 2, FirstSession = first + 10_000_000 },
                    result.GetValue(concurrency), cancellation: cancellation);
                Print(new Dictionary<string, object>
                {
                    ["benchmark"] = "serve",
                    ["stack"] = $"{result.GetValue(replicas)} replica(s) sharing Redis, {(result.GetValue(nginx) ? "through nginx" : "client-side balancing")}, loopback, arms: the baselines",
                    ["concurrency"] = result.GetValue(concurrency),
                    ["requests"] = measured.Requests,
                    ["requests_per_second"] = Math.Round(measured.RequestsPerSecond),
                    ["p50_ms"] = Math.Round(measured.P50Ms, 3),
                    ["p99_ms"] = Math.Round(measured.P99Ms, 3),
                    ["errors"] = measured.Errors,
                    ["retries"] = measured.Retries,
                    ["retry_causes"] = measured.RetryCauses,
                    ["warmup_retry_causes"] = warm.RetryCauses,
                }, result.GetValue(json), load);
                return measured.Errors == 0 ? 0 : 1;
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }));
        return command;
    }

    private static Command Bandits()
    {
        var seeds = new Option<int>("--seeds") { Description = "Runs per task (the median is reported).", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("bandits", "Iterations per second of each task's best policy (policy, sampling and responses; one thread per run).") { seeds, json };
        command.SetAction(result => Terminal.Guard(() =>
        {
            using var load = MachineLoad.Start();
            var report = new Dictionary<string, object> { ["benchmark"] = "bandits", ["seeds"] = result.GetValue(seeds) };
            foreach (var number in new[] { 1, 2, 3, 4 })
            {
                var task = BanditTasks.Create(number);
                var best = number switch { 1 => "thompson", 2 => "linucb", 3 => "discounted-thompson", _ => "personal-thompson" };
                var runs = Enumerable.Range(1, result.GetValue(seeds)).Select(s => BanditRunner.Run(task.Environment, task.Schedule, task.Policy(best)(), (ulong)s)).ToList();
                var median = runs.OrderBy(r => r.IterationsPerSecond).ElementAt(runs.Count / 2);
                report[$"task{number}_policy"] = median.Policy;
                report[$"task{number}_iterations_per_second"] = Math.Round(median.IterationsPerSecond, 1);
                report[$"task{number}_ms_per_iteration"] = Math.Round(1000 / median.IterationsPerSecond, 3);
            }
            Print(report, result.GetValue(json), load);
            return Task.FromResult(0);
        }));
        return command;
    }

    private static Command Ab()
    {
        var events = new Option<long>("--events") { Description = "Approximate events in the log analysed.", DefaultValueFactory = _ => 10_000_000 };
        var repeats = new Option<int>("--repeats") { Description = "Analyses (each in its own process); the median is reported.", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("ab", "Events per second and peak memory of the whole A/B analysis (load, sessions, metrics, intervals) on a large log.") { events, repeats, json };
        command.SetAction(result => Terminal.Guard(() =>
        {
            using var load = MachineLoad.Start();
            var world = WorldGenerator.Generate(new WorldOptions(), 42);
            var exp = Experiment.Create("BENCH", new RecommenderFactory(world), "random", "toppop", "sticky-artist");
            var dir = Path.Combine(Path.GetTempPath(), "reclab-bench-ab-" + Guid.NewGuid().ToString("N")[..8]);
            try
            {
                var episodes = (long)(result.GetValue(events) / 7.25);
                var run = ProgressDisplay.Run("simulating the log", bar => DataCollection.Run(world, [exp], dir,
                    new SimulationOptions { Episodes = episodes, Seed = 7 }, new Progress<SimulationProgress>(p => bar.Report((p.Episodes, p.TotalEpisodes)))));
                var table = EventLogReader.Read(run.LogPath);
                var jsonBytes = CourseJsonLog.Size(table);
                var parquetBytes = new FileInfo(run.LogPath).Length;
                table = null;
                GC.Collect();
                var timings = new List<(double Seconds, double PeakMb, long Events)>();
                for (var r = 0; r < result.GetValue(repeats); r++)
                {
                    var (code, _, stderr) = SelfProcess.Run("ab", run.LogPath, "--experiment", "BENCH", "--json", "--timing");
                    if (code != 0) throw new InvalidOperationException($"reclab ab failed: {stderr}");
                    using var timing = JsonDocument.Parse(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last());
                    timings.Add((timing.RootElement.GetProperty("seconds").GetDouble(), timing.RootElement.GetProperty("peak_memory_mb").GetDouble(),
                        timing.RootElement.GetProperty("events").GetInt64()));
                }
                var median = timings.OrderBy(t => t.Seconds).ElementAt(timings.Count / 2);
                Print(new Dictionary<string, object>
                {
                    ["benchmark"] = "ab",
                    ["events"] = median.Events,
                    ["repeats"] = timings.Count,
                    ["seconds"] = Math.Round(median.Seconds, 2),
                    ["seconds_runs"] = timings.Select(t => Math.Round(t.Seconds, 2)).ToArray(),
                    ["events_per_second"] = Math.Round(median.Events / median.Seconds),
                    ["peak_memory_mb"] = Math.Round(timings.Max(t => t.PeakMb), 1),
                    ["log_parquet_mb"] = Math.Round(parquetBytes / 1e6, 1),
                    ["log_as_json_mb"] = Math.Round(jsonBytes / 1e6, 1),
                    ["threads"] = Environment.ProcessorCount,
                }, result.GetValue(json), load);
            }
            finally
            {
                if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            }
            return Task.FromResult(0);
        }));
        return command;
    }

    /// <summary>Prints a benchmark report as JSON or as a two-column table.</summary>
    /// <param name="report">Figures, in print order.</param>
    /// <param name="json">One JSON object instead of a table.</param>
    /// <param name="load">The machine's load while the benchmark ran; its fields are appended, so that every figure
    /// is printed beside the load it was taken under.</param>
    public static void Print(IReadOnlyDictionary<string, object> report, bool json, MachineLoad? load = null)
    {
        if (load is not null) report = load.AddTo(new Dictionary<string, object>(report));
        if (json)
        {
            Terminal.StdOut.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
            return;
        }
        var table = new Table().AddColumns("figure", "value");
        foreach (var (key, value) in report)
        {
            var text = value switch
            {
                double d => d.ToString(d == Math.Round(d) ? "N0" : "N1", CultureInfo.InvariantCulture),
                long l => l.ToString("N0", CultureInfo.InvariantCulture),
                int i => i.ToString("N0", CultureInfo.InvariantCulture),
                double[] a => string.Join(", ", a.Select(x => x.ToString("N0", CultureInfo.InvariantCulture))),
                IReadOnlyDictionary<string, long> counts => counts.Count == 0 ? "none" : string.Join(", ", counts.Select(c => $"{c.Key}: {c.Value}")),
                _ => value.ToString() ?? "",
            };
            table.AddRow(Markup.Escape(key), Markup.Escape(text));
        }
        Terminal.Out.Write(table);
    }
}
