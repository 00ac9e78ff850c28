using System.Diagnostics;
using RecLab.Notebooks;
using RecLab.Service;
using RecLab.World;

namespace RecLab.Simulation;

/// <summary>What a simulation against the HTTP service did, with its request latencies.</summary>
/// <param name="Summary">Episodes, steps, speed.</param>
/// <param name="Requests">Requests answered (<c>next</c> and <c>last</c>).</param>
/// <param name="Errors">Sessions abandoned because a request failed on every replica.</param>
/// <param name="Retries">Attempts of this run retried on another replica or after a 503.</param>
/// <param name="P50Ms">Median request latency seen by the client, milliseconds.</param>
/// <param name="P99Ms">99th percentile latency, milliseconds.</param>
/// <param name="RetryCauses">Why this run's attempts were retried (<see cref="HttpBotifyClient.RetryCauses"/>).</param>
public sealed record ServiceSimulationResult(SimulationSummary Summary, long Requests, long Errors, long Retries, double P50Ms, double P99Ms,
    IReadOnlyDictionary<string, long> RetryCauses)
{
    /// <summary>Requests per second of wall time.</summary>
    public double RequestsPerSecond => Requests / Math.Max(Summary.Elapsed.TotalSeconds, 1e-9);
}

/// <summary>
/// Drives the HTTP service the way the course's simulator does, with many concurrent sessions: each of
/// <c>concurrency</c> workers plays one listener session after another (episode i with its own random stream, session id
/// <c>FirstSession + i</c>) and waits for each answer before the next request.
/// </summary>
public static class ServiceSimulator
{
    /// <summary>Runs <paramref name="options"/>' episodes through <paramref name="client"/>; inside a notebook a live bar
    /// shows progress when <paramref name="progress"/> is null.</summary>
    public static async Task<ServiceSimulationResult> RunAsync(MusicWorld world, HttpBotifyClient client, SimulationOptions options,
        int concurrency = 64, IProgress<SimulationProgress>? progress = null, CancellationToken cancellation = default)
    {
        options.Validate();
        progress ??= NotebookProgress.TryCreate($"Simulating {options.Episodes:N0} sessions over HTTP")
            ?.For<SimulationProgress>(p => (p.Episodes, p.TotalEpisodes, $"{p.Steps:N0} requests"));
        _ = world.InterestNeighbours(0, 0);
        var episodeSeed = new SeedSequence(options.Seed).Derive("episodes");
        long nextEpisode = -1, done = 0, steps = 0, requests = 0, errors = 0, capped = 0;
        var latencies = new List<double>[concurrency];
        var retriesBefore = client.Retries;
        var causesBefore = client.RetryCauses;
        var clock = Stopwatch.StartNew();

        async Task Work(int worker)
        {
            var listener = new Listener(world, options.MaxSessionLength);
            var mine = latencies[worker] = new List<double>(4096);
            for (var episode = Interlocked.Increment(ref nextEpisode); episode < options.Episodes; episode = Interlocked.Increment(ref nextEpisode))
            {
                cancellation.ThrowIfCancellationRequested();
                var session = options.FirstSession + episode;
                listener.Begin(Rng.For(episodeSeed, episode));
                try
                {
                    while (true)
                    {
                        var request = new BotifyRequest(listener.User, listener.Track, listener.Time, session);
                        var sent = Stopwatch.GetTimestamp();
                        if (listener.Done)
                        {
                            await client.LastAsync(request, session, cancellation);
                            mine.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                            Interlocked.Increment(ref requests);
                            break;
                        }
                        var next = await client.NextAsync(request, session, cancellation);
                        mine.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                        Interlocked.Increment(ref requests);
                        Interlocked.Increment(ref steps);
                        if (!world.IsTrack(next)) throw new InvalidOperationException($"the service recommended track {next}, which is not in the world.");
                        listener.Listen(next);
                    }
                    if (listener.Capped) Interlocked.Increment(ref capped);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
                Interlocked.Increment(ref done);
            }
        }

        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(() => Work(w), cancellation)).ToArray();
        var all = Task.WhenAll(workers);
        while (await Task.WhenAny(all, Task.Delay(250, cancellation)) != all)
            progress?.Report(new SimulationProgress(Interlocked.Read(ref done), options.Episodes, Interlocked.Read(ref steps), clock.Elapsed));
        await all;
        var summary = new SimulationSummary(done, steps, capped, clock.Elapsed, concurrency);
        progress?.Report(new SimulationProgress(done, options.Episodes, steps, clock.Elapsed));
        var sorted = latencies.Where(l => l is not null).SelectMany(l => l).Order().ToArray();
        double Percentile(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        var causes = client.RetryCauses.Select(c => (c.Key, Count: c.Value - causesBefore.GetValueOrDefault(c.Key)))
            .Where(c => c.Count > 0).ToDictionary(c => c.Key, c => c.Count);
        return new ServiceSimulationResult(summary, requests, errors, client.Retries - retriesBefore, Percentile(0.5), Percentile(0.99), causes);
    }
}
