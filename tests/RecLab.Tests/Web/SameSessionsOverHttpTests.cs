using RecLab.Events;
using RecLab.Experiments;
using RecLab.Recommenders;
using RecLab.Service;
using RecLab.Simulation;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Web;

/// <summary>The service seeds its recommendations from the study's seed as the embedded service does, so the same
/// seed and session ids give the same sessions over HTTP as in process, with no hidden setting.</summary>
public sealed class SameSessionsOverHttpTests
{
    [Fact]
    public async Task A_simulation_over_HTTP_against_a_replica_with_the_default_seed_repeats_the_embedded_one_session_by_session()
    {
        using var dir = new TempDir();
        var world = Worlds.Small;
        var options = new SimulationOptions { Episodes = 400, Seed = 42, FirstSession = 0 };
        var embedded = DataCollection.Run(world, [StandardExperiments.Baselines(new RecommenderFactory(world))], dir.File("embedded"), options);

        var replica = await ReplicaHost.StartAsync(world, dir, "r1");
        using (var client = new HttpBotifyClient([replica.Address], connectionsPerReplica: 4))
        {
            var run = await ServiceSimulator.RunAsync(world, client, options, concurrency: 4);
            Assert.Equal(0, run.Errors);
        }
        await replica.DisposeAsync();

        var local = Sessions(EventLogReader.Read(embedded.LogPath));
        var http = Sessions(EventLogReader.Read(replica.LogDir));
        Assert.Equal(400, local.Count);
        Assert.Equal(local.Keys.Order(), http.Keys.Order());
        foreach (var (session, plays) in local) Assert.Equal(plays, http[session]);
        Assert.All(EventLogWorld.Read([replica.LogDir]), part => Assert.Equal(world.Fingerprint.ToString("x16"), part.World));
    }

    /// <summary>Each session's requests in order: user, track, time, recommendation and arm (timestamps and latencies differ).</summary>
    private static Dictionary<long, List<(int, int, double, int, string)>> Sessions(EventTable events) =>
        Enumerable.Range(0, events.Count)
            .GroupBy(i => events.Session[i])
            .ToDictionary(g => g.Key, g => g.OrderBy(i => events.Timestamp[i]).ThenBy(i => i)
                .Select(i => (events.User[i], events.Track[i], events.Time[i], events.Recommendation[i], events.ExperimentsValues[events.ExperimentsCode[i]])).ToList());
}
