using RecLab.Events;
using RecLab.Service;
using RecLab.Simulation;
using RecLab.Tests.TestSupport;
using RecLab.World;

namespace RecLab.Tests.Web;

/// <summary>The stack as users run it, started by environment/stack.sh: replicas as processes, Redis, nginx.</summary>
public sealed class StackTests
{
    [Fact]
    public async Task Every_answered_next_is_logged_exactly_once_also_when_a_replica_is_stopped_mid_run()
    {
        using var dir = new TempDir();
        WorldFile.Save(Worlds.Small, dir.File("world"));
        using var stack = LocalStack.Start(new LocalStackOptions
        {
            Dir = dir.File("stack"), World = dir.File("world"), Replicas = 2,
            Script = Path.Combine(RepoPaths.Root, "environment", "stack.sh"),
            Cli = $"dotnet {Path.Combine(AppContext.BaseDirectory, "RecLab.Cli.dll")}",
        });
        using var client = new HttpBotifyClient(stack.Entry, connectionsPerReplica: 16);

        var run = ServiceSimulator.RunAsync(Worlds.Small, client, new SimulationOptions { Episodes = 20_000, Seed = 8, FirstSession = 1_000_000 }, concurrency: 16);
        await Task.Delay(1000);
        Assert.False(run.IsCompleted, "the replica is stopped while the run is still going");
        Assert.True(stack.StopReplica(0, TimeSpan.FromSeconds(20)), "replica 1 drained and exited after SIGTERM");
        var result = await run;
        stack.Stop();

        Assert.Equal(0, result.Errors);
        Assert.Equal(20_000, result.Summary.Episodes);
        // Through nginx a request caught on the stopping replica comes back as a 502 and is retried. A 503 is a replica whose
        // Redis call passed its 1 s timeout (seen when the whole suite loads both cores); it logged nothing and is retried.
        Assert.Equal(result.Retries, result.RetryCauses.Values.Sum());
        Assert.All(result.RetryCauses.Keys, cause => Assert.Contains(cause, new[] { "502", "503", nameof(HttpRequestException), nameof(IOException) }));
        var events = EventLogReader.Read(stack.LogDir);
        Assert.Equal(result.Summary.Steps, events.IsLast.Count(l => !l));
        Assert.Equal(20_000, events.IsLast.Count(l => l));
        Assert.True(Directory.GetFiles(stack.LogDir, "events-r1-*.parquet").Length > 0, "the stopped replica's log was completed");
        Assert.Empty(Directory.GetFiles(stack.LogDir, "*.partial"));
    }
}
