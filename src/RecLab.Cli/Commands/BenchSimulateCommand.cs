using System.CommandLine;
using System.Diagnostics;
using RecLab.Events;
using RecLab.Experiments;
using RecLab.Recommenders;
using RecLab.Service;
using RecLab.Simulation;
using RecLab.World;

namespace RecLab.Cli.Commands;

/// <summary>
/// <c>reclab bench simulate</c>: listener steps per second against the embedded service with the Parquet log on disk
/// (the headline), and a breakdown that makes the next bottleneck visible: the listener alone (a random track per step,
/// no service, no log), the service without a log, and the log alone (the same number of events appended from the
/// same threads and written). Each figure is the median of the repeats, each run printed with the load it ran under.
/// </summary>
public static class BenchSimulateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var episodes = new Option<long>("--episodes", "-n") { Description = "Sessions per run.", DefaultValueFactory = _ => 1_000_000 };
        var repeats = new Option<int>("--repeats") { Description = "Runs of each part; medians are reported.", DefaultValueFactory = _ => 3 };
        var threads = new Option<int>("--threads") { Description = "Worker threads (0 = all cores).", DefaultValueFactory = _ => 0 };
        var breakdown = new Option<bool>("--breakdown") { Description = "Also time the listener alone, the service without a log, and the log alone.", DefaultValueFactory = _ => true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("simulate", "Steps per second of the simulator against the embedded service (Random arm), logging to disk; with a breakdown by part.")
            { episodes, repeats, threads, breakdown, json };
        command.SetAction(result => Terminal.Guard(() =>
        {
            using var load = MachineLoad.Start();
            var world = WorldGenerator.Generate(new WorldOptions(), 42);
            _ = world.InterestNeighbours(0, 0);
            var exp = Experiment.Create("BENCH", new RecommenderFactory(world), "random");
            var dir = Path.Combine(Path.GetTempPath(), "reclab-bench-" + Guid.NewGuid().ToString("N")[..8]);
            var n = result.GetValue(repeats);
            SimulationOptions Options(int r) => new() { Episodes = result.GetValue(episodes), Seed = (ulong)r + 1, Threads = result.GetValue(threads) };
            var report = new Dictionary<string, object> { ["benchmark"] = "simulate", ["arm"] = "random (embedded Botify, Parquet event log on disk)" };
            try
            {
                var full = Runs(n, r => DataCollection.Run(world, [exp], Path.Combine(dir, $"run{r}"), Options(r), new Progress<SimulationProgress>(_ => { })).Summary);
                var bytes = Directory.GetFiles(dir, "*.parquet", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) / n;
                var median = full.OrderBy(s => s.Summary.StepsPerSecond).ElementAt(n / 2).Summary;
                report["episodes"] = median.Episodes;
                report["steps"] = median.Steps;
                report["threads"] = median.Threads;
                report["repeats"] = n;
                report["steps_per_second"] = Math.Round(median.StepsPerSecond);
                report["episodes_per_second"] = Math.Round(median.EpisodesPerSecond);
                report["steps_per_second_runs"] = full.Select(s => Math.Round(s.Summary.StepsPerSecond)).ToArray();
                report["other_processes_cores_runs"] = full.Select(s => s.OtherCores).ToArray();
                report["log_mb_per_run"] = Math.Round(bytes / 1e6, 1);
                if (result.GetValue(breakdown))
                {
                    var listener = Runs(n, r => Simulator.Run(world, new RandomClient(world.TrackCount), Options(r)));
                    var service = Runs(n, r => Simulator.Run(world, new Botify(world, [exp], NullSink.Instance, options: new BotifyOptions { Seed = DataCollection.ServiceSeed((ulong)r + 1) }), Options(r)));
                    var events = median.Steps + median.Episodes;
                    var log = Runs(n, r => LogOnly(Path.Combine(dir, $"log{r}.parquet"), events, median.Threads));
                    Add(report, "listener_only", listener);
                    Add(report, "service_no_log", service);
                    Add(report, "log_only_events", log);
                }
                report["peak_memory_mb"] = Math.Round(ProcessMemory.Peak() / 1e6, 1);
                BenchCommand.Print(report, result.GetValue(json), load);
            }
            finally
            {
                if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            }
            return Task.FromResult(0);
        }));
        return command;
    }

    private static List<(SimulationSummary Summary, double OtherCores)> Runs(int repeats, Func<int, SimulationSummary> run)
    {
        var runs = new List<(SimulationSummary, double)>();
        for (var r = 0; r < repeats; r++)
        {
            GC.Collect();
            using var load = MachineLoad.Start();
            var summary = run(r);
            runs.Add((summary, load.Report().TryGetValue("other_processes_cores", out var others) ? (double)others : double.NaN));
        }
        return runs;
    }

    private static void Add(Dictionary<string, object> report, string name, List<(SimulationSummary Summary, double OtherCores)> runs)
    {
        report[$"{name}_per_second"] = Math.Round(runs.Select(r => r.Summary.StepsPerSecond).Order().ElementAt(runs.Count / 2));
        report[$"{name}_per_second_runs"] = runs.Select(r => Math.Round(r.Summary.StepsPerSecond)).ToArray();
        report[$"{name}_other_processes_cores_runs"] = runs.Select(r => r.OtherCores).ToArray();
    }

    /// <summary>Appends <paramref name="events"/> events from <paramref name="threads"/> threads in blocks, as the
    /// simulator does, and completes the file; the summary's steps are the events.</summary>
    private static SimulationSummary LogOnly(string path, long events, int threads)
    {
        const int perBlock = 4096 * 8;
        var clock = Stopwatch.StartNew();
        using var log = EventLogWriter.Create(path);
        var blocks = (events + perBlock - 1) / perBlock;
        var first = log.ReserveBlocks(blocks);
        long next = -1;
        var workers = Enumerable.Range(0, threads).Select(_ => Task.Factory.StartNew(() =>
        {
            for (var b = Interlocked.Increment(ref next); b < blocks; b = Interlocked.Increment(ref next))
            {
                using var scope = log.BeginBlock(first + b);
                var end = Math.Min(events, (b + 1) * perBlock);
                for (var i = b * perBlock; i < end; i++)
                    log.Append(new BotifyEvent
                    {
                        Timestamp = i, User = (int)(i % 10_000), Track = (int)(i % 50_000), Time = 0.5, Latency = 1e-6,
                        Recommendation = (int)((i * 7) % 50_000), Experiments = "{\"BENCH\":\"C\"}", Session = i / 8,
                    });
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        Task.WaitAll(workers);
        log.Complete();
        return new SimulationSummary(0, events, 0, clock.Elapsed, threads);
    }

    /// <summary>A client that answers every request with a random track: the listener's own cost.</summary>
    private sealed class RandomClient(int tracks) : IBotifyClient
    {
        public int Next(in BotifyRequest request) => Rng.For((ulong)request.Session, request.Timestamp).NextInt(tracks);

        public void Last(in BotifyRequest request)
        {
        }
    }

    /// <summary>Drops every event: the service without its log.</summary>
    private sealed class NullSink : IEventSink
    {
        public static readonly NullSink Instance = new();

        public void Append(in BotifyEvent e)
        {
        }
    }
}
