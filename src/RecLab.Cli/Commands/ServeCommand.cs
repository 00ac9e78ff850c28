using System.CommandLine;
using Microsoft.Extensions.Hosting;
using RecLab.Web;

namespace RecLab.Cli.Commands;

/// <summary><c>reclab serve [--config FILE] [--urls URL] [--redis HOST:PORT] [--recommenders FILE.cs ...]</c>: one replica of
/// the recommendation service.</summary>
public static class ServeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "JSON configuration (world, experiments, log folder, Redis); RECLAB_* environment variables override it." };
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on, separated by ';'.", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var redis = new Option<string?>("--redis") { Description = "Redis HOST:PORT for sessions shared by replicas (default: in this process)." };
        var world = new Option<string?>("--world") { Description = "World folder (overrides the configuration)." };
        var logDir = new Option<string?>("--log-dir") { Description = "Folder for this replica's event logs (overrides the configuration)." };
        var replica = new Option<string?>("--replica") { Description = "Replica name used in log file names." };
        var seed = new Option<ulong?>("--seed") { Description = "The study's seed (overrides the configuration's Seed, default 42): recommendations are seeded as in the embedded service, so `simulate --service URL --seed S --first-session 0` repeats the embedded `simulate --seed S`." };
        var recommenders = new Option<string[]>("--recommenders")
        {
            Description = "C# files with your own IRecommender classes, compiled at start (each class is then an arm's spec by name, e.g. my-recs); compile errors stop the service (exit 2).",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("serve", "Run the recommendation service (Botify): /next, /last, /track, /health, /experiments.") { config, urls, redis, world, logDir, replica, seed, recommenders };
        command.SetAction(async (result, cancellation) =>
        {
            try
            {
                var (bound, directory) = BotifyHost.LoadConfig(result.GetValue(config));
                if (result.GetValue(redis) is { } r) bound.Redis = r;
                if (result.GetValue(world) is { } w) bound.World = Path.GetFullPath(w);
                if (result.GetValue(logDir) is { } l) bound.LogDir = Path.GetFullPath(l);
                if (result.GetValue(replica) is { } n) bound.Replica = n;
                if (result.GetValue(seed) is { } s) bound.Seed = s;
                if (result.GetValue(recommenders) is { Length: > 0 } files) bound.Recommenders = [.. files.Select(Path.GetFullPath)];
                var app = BotifyHost.Build(bound, directory, result.GetValue(urls)!.Split(';', StringSplitOptions.RemoveEmptyEntries));
                // Started before it says so: a port in use is then an error of its own (exit 2), not a line followed by a failure.
                await app.StartAsync(cancellation);
                Terminal.StdErr.WriteLine($"botify {bound.Replica} listening on {result.GetValue(urls)} (sessions: {(string.IsNullOrEmpty(bound.Redis) ? "in process" : "Redis " + bound.Redis)})");
                await app.WaitForShutdownAsync();
                return 0;
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or FileNotFoundException or InvalidDataException or FormatException or IOException)
            {
                return Terminal.Fail(e.Message, 2);
            }
        });
        return command;
    }
}
