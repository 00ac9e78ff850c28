using System.Net;
using System.Text;
using System.Text.Json;
using RecLab.Recommenders;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Web;

/// <summary>Sessions scoped to their user, and per-session state, over HTTP with replicas sharing Redis.</summary>
public sealed class SessionScopeTests
{
    /// <summary>Recommends track n at the n-th request of a session (counted in its state), so a lost or crossed state
    /// shows as a wrong track. Compiled by each replica from source (as <c>serve --recommenders</c> does), so that it is
    /// known to those replicas only and not to the process-wide registry.</summary>
    private const string CountingRecommenderSource = """
        public sealed class CountingRecommender : IRecommender
        {
            public bool UsesState => true;
            public int RecommendNext(ref RecommendationContext context) => (int)context.State.Increment("n");
        }
        """;

    private static Task<HttpResponseMessage> Post(HttpClient http, Uri replica, string verb, int user, int track, long session) =>
        http.PostAsync(new Uri(replica, $"{verb}/{user}"), new StringContent($"{{\"track\":{track},\"time\":0.5,\"session\":{session}}}", Encoding.UTF8, "application/json"));

    private static async Task<int> Next(HttpClient http, Uri replica, int user, int track, long session)
    {
        using var response = await Post(http, replica, "next", user, track, session);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("track").GetInt32();
    }

    private static async Task<long> Events(HttpClient http, Uri replica)
    {
        using var health = await http.GetAsync(new Uri(replica, "health"));
        return JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement.GetProperty("events").GetInt64();
    }

    [Fact]
    public async Task Another_users_session_id_gets_403_on_every_replica_and_is_not_logged()
    {
        using var redis = new RedisServer();
        using var dir = new TempDir();
        await using var a = await ReplicaHost.StartAsync(Worlds.Small, dir, "a", redis.Address, new Dictionary<string, string> { ["C"] = "no-repeat(sticky-artist)" });
        await using var b = await ReplicaHost.StartAsync(Worlds.Small, dir, "b", redis.Address, new Dictionary<string, string> { ["C"] = "no-repeat(sticky-artist)" });
        using var http = new HttpClient();
        var played = new List<int> { 100 };
        played.Add(await Next(http, a.Address, 1, played[^1], 77));

        using var crossNext = await Post(http, b.Address, "next", 2, 200, 77);
        using var crossLast = await Post(http, a.Address, "last", 2, 200, 77);
        var body = await crossNext.Content.ReadAsStringAsync();
        played.Add(await Next(http, b.Address, 1, played[^1], 77));

        Assert.Equal(HttpStatusCode.Forbidden, crossNext.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, crossLast.StatusCode);
        Assert.Contains("session 77 belongs to another user", body);
        Assert.DoesNotContain("user 1", body);
        Assert.Equal(1, await Events(http, a.Address));
        Assert.Equal(1, await Events(http, b.Address));
        Assert.Equal(played.Count, played.Distinct().Count());

        using var own = await Post(http, a.Address, "last", 1, played[^1], 77);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        await Next(http, b.Address, 2, 200, 77);
    }

    [Fact]
    public async Task Session_state_is_shared_by_replicas_scoped_to_user_and_session_and_reset_at_last()
    {
        using var redis = new RedisServer();
        using var dir = new TempDir();
        var source = dir.File("counting.cs");
        File.WriteAllText(source, CountingRecommenderSource);
        var arms = new Dictionary<string, string> { ["C"] = "counting-recommender" };
        await using var a = await ReplicaHost.StartAsync(Worlds.Small, dir, "a", redis.Address, arms, recommenders: [source]);
        await using var b = await ReplicaHost.StartAsync(Worlds.Small, dir, "b", redis.Address, arms, recommenders: [source]);
        using var http = new HttpClient();
        Uri Replica(int step) => step % 2 == 0 ? a.Address : b.Address;

        var first = new List<int>();
        for (var step = 0; step < 6; step++) first.Add(await Next(http, Replica(step), 1, 10, 5));
        var otherUser = await Next(http, a.Address, 2, 10, 6);
        var otherSession = await Next(http, b.Address, 1, 10, 8);
        using (var last = await Post(http, b.Address, "last", 1, 10, 5)) Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        var afterLast = await Next(http, a.Address, 1, 10, 5);

        Assert.Equal([1, 2, 3, 4, 5, 6], first);
        Assert.Equal(1, otherUser);
        Assert.Equal(1, otherSession);
        Assert.Equal(1, afterLast);
    }
}
