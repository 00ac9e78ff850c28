using System.Diagnostics;
using System.Net;
using System.Text;
using RecLab.Events;
using RecLab.Tests.TestSupport;
using RecLab.World;
using Xunit.Abstractions;

namespace RecLab.Tests.Web;

/// <summary>A replica killed with SIGKILL mid-run: what it answered is recovered from its journal.</summary>
public sealed class KillTests(ITestOutputHelper output)
{
    private const int Clients = 8;

    [Fact]
    public async Task A_replica_killed_with_sigkill_mid_run_loses_no_answered_event()
    {
        using var dir = new TempDir();
        WorldFile.Save(Worlds.Small, dir.File("world"));
        var port = Ports.Free();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "RecLab.Cli.dll"), "serve", "--world", dir.File("world"),
                     "--log-dir", dir.File("logs"), "--replica", "r1", "--urls", $"http://127.0.0.1:{port}" })
            start.ArgumentList.Add(arg);
        using var replica = Process.Start(start)!;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
        await WaitForHealth(http, replica);

        var answered = 0;
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            for (var step = 0; !stop.IsCancellationRequested; step++)
            {
                try
                {
                    using var response = await http.PostAsync($"next/{c}", new StringContent(
                        $"{{\"track\":{step % 100},\"time\":0.5,\"session\":{c}}}", Encoding.UTF8, "application/json"));
                    if (response.StatusCode == HttpStatusCode.OK) Interlocked.Increment(ref answered);
                }
                catch (HttpRequestException)
                {
                    return; // The replica is gone.
                }
            }
        })).ToList();
        await Task.Delay(1500);
        replica.Kill(); // SIGKILL
        await replica.WaitForExitAsync();
        stop.Cancel();
        await Task.WhenAll(clients);

        var refused = Assert.Throws<InvalidDataException>(() => EventLogReader.Read(dir.File("logs")));
        Assert.Contains("--skip-incomplete", refused.Message);
        var recover = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(1), "logs", "recover", "logs");
        Assert.True(recover.ExitCode == 0, recover.StdErr);
        var logged = EventLogReader.Read(dir.File("logs")).Count;

        output.WriteLine($"answered {answered}, recovered {logged} after SIGKILL ({Clients} concurrent clients)");
        Assert.True(answered > 100, $"only {answered} requests answered before the kill");
        // Every answered request was written through before its answer; at most one request per client was logged
        // whose answer the kill cut off.
        Assert.InRange(logged, answered, answered + Clients);
        Assert.Empty(EventLogReader.IncompleteParts([dir.File("logs")]));
    }

    private static async Task WaitForHealth(HttpClient http, Process replica)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (replica.HasExited) throw new InvalidOperationException($"reclab serve exited: {await replica.StandardError.ReadToEndAsync()}");
            try
            {
                using var response = await http.GetAsync("health");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("reclab serve did not answer /health within 60 s.");
    }
}
