using System.Diagnostics;
using RecLab.Events;
using RecLab.Service;
using RecLab.World;

namespace RecLab.Simulation;

/// <summary>
/// Runs listener sessions against a recommendation service in process, on all cores. Episode i draws everything from
/// its own random stream (derived from the root seed and i) and keeps session id <c>FirstSession + i</c> and a virtual
/// clock, so the same seed gives the same events whatever the thread count.
/// </summary>
/// <remarks>
/// The course's simulator, in its multi-process mode, shares one random state across processes and so repeats
/// sessions; RecLab's per-episode streams avoid that. Latency is measured wall time and is the one logged field that
/// differs between runs.
/// </remarks>
public static class Simulator
{
    /// <summary>Simulates <see cref="SimulationOptions.Episodes"/> sessions against <paramref name="botify"/>.</summary>
    /// <param name="world">The world the listeners live in (the one the service serves).</param>
    /// <param name="botify">The service, in process (or any client).</param>
    /// <param name="options">Episodes, seed, threads, clock.</param>
    /// <param name="orderedLog">The service's event log, when it is an <see cref="EventLogWriter"/>: episodes are then
    /// logged in blocks written in episode order, so the file does not depend on the thread count.</param>
    /// <param name="progress">Receives progress about four times a second.</param>
    /// <param name="cancellation">Stops after the current blocks.</param>
    public static SimulationSummary Run(MusicWorld world, IBotifyClient botify, SimulationOptions options,
        EventLogWriter? orderedLog = null, IProgress<SimulationProgress>? progress = null, CancellationToken cancellation = default)
    {
        options.Validate();
        _ = world.InterestNeighbours(0, 0);
        var threads = (int)Math.Min(options.ResolvedThreads, Math.Max(1, (options.Episodes + options.EpisodesPerBlock - 1) / options.EpisodesPerBlock));
        var blockCount = (options.Episodes + options.EpisodesPerBlock - 1) / options.EpisodesPerBlock;
        var firstBlock = orderedLog?.ReserveBlocks(blockCount) ?? 0;
        var episodeSeed = new SeedSequence(options.Seed).Derive("episodes");
        var startMs = options.Start.ToUnixTimeMilliseconds();
        var spacingMs = (long)options.EpisodeSpacing.TotalMilliseconds;
        var stepMs = (long)options.StepDuration.TotalMilliseconds;
        long nextBlock = -1, episodesDone = 0, steps = 0, capped = 0;
        var clock = Stopwatch.StartNew();

        void Work()
        {
            var listener = new Listener(world, options.MaxSessionLength);
            long localSteps = 0, localCapped = 0;
            for (var block = Interlocked.Increment(ref nextBlock); block < blockCount; block = Interlocked.Increment(ref nextBlock))
            {
                if (cancellation.IsCancellationRequested) break;
                var first = block * options.EpisodesPerBlock;
                var last = Math.Min(options.Episodes, first + options.EpisodesPerBlock);
                using (orderedLog?.BeginBlock(firstBlock + block))
                {
                    for (var episode = first; episode < last; episode++)
                    {
                        var session = options.FirstSession + episode;
                        var start = startMs + episode * spacingMs;
                        listener.Begin(Rng.For(episodeSeed, episode));
                        var step = 0;
                        while (true)
                        {
                            var request = new BotifyRequest(listener.User, listener.Track, listener.Time, session, start + step++ * stepMs);
                            if (listener.Done)
                            {
                                botify.Last(request);
                                break;
                            }
                            var next = botify.Next(request);
                            localSteps++;
                            if (!world.IsTrack(next)) throw new InvalidOperationException($"the service recommended track {next}, which is not in the world.");
                            listener.Listen(next);
                        }
                        if (listener.Capped) localCapped++;
                    }
                }
                Interlocked.Add(ref episodesDone, last - first);
                Interlocked.Add(ref steps, localSteps);
                Interlocked.Add(ref capped, localCapped);
                localSteps = localCapped = 0;
            }
        }

        var workers = Enumerable.Range(0, threads)
            .Select(_ => Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        var all = Task.WhenAll(workers);
        while (!all.Wait(250))
            progress?.Report(new SimulationProgress(Interlocked.Read(ref episodesDone), options.Episodes, Interlocked.Read(ref steps), clock.Elapsed));
        all.GetAwaiter().GetResult();
        var summary = new SimulationSummary(episodesDone, steps, capped, clock.Elapsed, threads);
        progress?.Report(new SimulationProgress(episodesDone, options.Episodes, steps, clock.Elapsed));
        cancellation.ThrowIfCancellationRequested();
        return summary;
    }
}
