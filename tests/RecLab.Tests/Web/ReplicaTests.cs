using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using RecLab.Events;
using RecLab.Service;
using RecLab.Simulation;
using RecLab.Tests.TestSupport;
using RecLab.World;

namespace RecLab.Tests.Web;

public sealed class ReplicaTests
{
    private static async Task<int> Next(HttpClient http, Uri replica, int user, int track, double time, long session)
    {
        using var response = await http.PostAsync(new Uri(replica, $"next/{user}"),
            new StringContent($"{{\"track\":{track},\"time\":{time.ToString(System.Globalization.CultureInfo.InvariantCulture)},\"session\":{session}}}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("track").GetInt32();
    }

    /// <summary>A recommender that reads the session back (no-repeat) and one that does not (random: the store only
    /// counts the step, which seeds the draw).</summary>
    [Theory]
    [InlineData("no-repeat(sticky-artist)")]
    [InlineData("random")]
    public async Task Two_replicas_sharing_Redis_give_the_same_answers_as_one(string recommender)
    {
        var arms = new Dictionary<string, string> { ["C"] = recommender };
        using var redisA = new RedisServer();
        using var redisB = new RedisServer();
        using var dir = new TempDir();
        await using var one = await ReplicaHost.StartAsync(Worlds.Small, dir, "one", redisA.Address, arms);
        await using var left = await ReplicaHost.StartAsync(Worlds.Small, dir, "left", redisB.Address, arms);
        await using var right = await ReplicaHost.StartAsync(Worlds.Small, dir, "right", redisB.Address, arms);
        using var http = new HttpClient();

        var (single, shared) = (new List<int>(), new List<int>());
        int trackA = 100, trackB = 100;
        for (var step = 0; step < 30; step++)
        {
            trackA = await Next(http, one.Address, 7, trackA, 0.5, 99);
            trackB = await Next(http, step % 2 == 0 ? left.Address : right.Address, 7, trackB, 0.5, 99);
            single.Add(trackA);
            shared.Add(trackB);
        }

        Assert.Equal(single, shared);
        Assert.Equal(shared.Count, shared.Distinct().Count());
    }

    [Fact]
    public async Task A_user_stays_in_one_arm_across_replicas_and_a_bounded_load_run_has_no_errors()
    {
        using var redis = new RedisServer();
        using var dir = new TempDir();
        var arms = new Dictionary<string, string> { ["C"] = "random", ["T1"] = "sticky-artist", ["T2"] = "no-repeat(sticky-artist)" };
        var a = await ReplicaHost.StartAsync(Worlds.Small, dir, "a", redis.Address, arms);
        var b = await ReplicaHost.StartAsync(Worlds.Small, dir, "b", redis.Address, arms);
        using (var client = new HttpBotifyClient([a.Address, b.Address], connectionsPerReplica: 16))
        {
            var run = await ServiceSimulator.RunAsync(Worlds.Small, client, new SimulationOptions { Episodes = 3_000, Seed = 4 }, concurrency: 16);
            Assert.Equal(0, run.Errors);
            Assert.Equal(0, run.Retries);
            Assert.Equal(3_000, run.Summary.Episodes);
        }
        await a.DisposeAsync();
        await b.DisposeAsync();

        var events = EventLogReader.Read(dir.File("logs"));
        var armsOfUser = Enumerable.Range(0, events.Count).GroupBy(i => events.User[i]).Select(g => g.Select(i => events.ArmOf(i, "E")).Distinct().Count());
        Assert.All(armsOfUser, n => Assert.Equal(1, n));
        // Both replicas counted each session's steps in the shared store: 1..n with the last at n, every session.
        var sessions = Enumerable.Range(0, events.Count).GroupBy(i => events.Session[i]).ToList();
        Assert.Equal(3_000, sessions.Count);
        Assert.All(sessions, s =>
        {
            Assert.Equal(Enumerable.Range(1, s.Count()), s.Select(i => events.Step[i]).Order());
            Assert.Equal(s.Count(), events.Step[s.Single(i => events.IsLast[i])]);
        });
        Assert.Equal(2, Directory.GetFiles(dir.File("logs"), "events-*.parquet").Select(f => Path.GetFileName(f)[..8]).Distinct().Count());
    }

    [Fact]
    public async Task Requests_routed_to_a_dead_replica_are_retried_on_a_live_one_and_the_cause_is_counted()
    {
        using var redis = new RedisServer();
        using var dir = new TempDir();
        await using var live = await ReplicaHost.StartAsync(Worlds.Small, dir, "live", redis.Address, new Dictionary<string, string> { ["C"] = "random" });
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var dead = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        listener.Stop();
        using var client = new HttpBotifyClient([dead, live.Address], connectionsPerReplica: 4);

        var run = await ServiceSimulator.RunAsync(Worlds.Small, client, new SimulationOptions { Episodes = 200, Seed = 5 }, concurrency: 4);

        Assert.Equal(0, run.Errors);
        Assert.Equal(200, run.Summary.Episodes);
        Assert.True(run.Retries > 0, "session ids route about half of the requests to the dead replica first");
        Assert.Equal(new Dictionary<string, long> { [nameof(HttpRequestException)] = run.Retries }, run.RetryCauses);
    }

    [Fact]
    public async Task Redis_lost_at_run_time_gives_503_and_no_event_until_it_returns()
    {
        using var redis = new RedisServer();
        using var dir = new TempDir();
        await using var replica = await ReplicaHost.StartAsync(Worlds.Small, dir, "r", redis.Address);
        using var http = new HttpClient();
        await Next(http, replica.Address, 1, 10, 0.5, 5);

        redis.Kill();
        using var lost = await http.PostAsync(new Uri(replica.Address, "next/1"), new StringContent("{\"track\":11,\"time\":0.5,\"session\":5}"));
        using var health = await http.GetAsync(new Uri(replica.Address, "health"));
        var events = JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement.GetProperty("events").GetInt64();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, lost.StatusCode);
        var lostBody = await lost.Content.ReadAsStringAsync();
        Assert.Equal("the session store is unavailable; nothing was logged, retry the request", JsonDocument.Parse(lostBody).RootElement.GetProperty("error").GetString());
        Assert.DoesNotContain(redis.Address, lostBody);
        Assert.DoesNotContain("StackExchange", lostBody);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(1, events);

        redis.Start();
        var clock = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            await Task.Delay(200);
            using var retry = await http.PostAsync(new Uri(replica.Address, "next/1"), new StringContent("{\"track\":12,\"time\":0.5,\"session\":6}"));
            status = retry.StatusCode;
        } while (status != HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Redis_down_at_start_is_a_clear_error()
    {
        using var dir = new TempDir();
        WorldFile.Save(Worlds.Small, dir.File("world"));
        var port = Ports.Free();

        var result = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(1), "serve", "--world", "world", "--redis", $"127.0.0.1:{port}", "--urls", $"http://127.0.0.1:{Ports.Free()}");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"Redis at 127.0.0.1:{port} is not reachable", result.StdErr);
    }
}
