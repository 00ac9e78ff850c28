using System.Diagnostics;
using System.Text.Json;
using RecLab.Events;
using RecLab.Experiments;
using RecLab.Recommenders;
using RecLab.World;

namespace RecLab.Service;

/// <summary>Settings of <see cref="Botify"/>.</summary>
public sealed record BotifyOptions
{
    /// <summary>Seeds recommendation randomness. With a session id in the request, a recommender's random stream is
    /// derived from (seed, session, position in session), so runs repeat exactly, in process or across replicas
    /// sharing a session store, whatever the order of requests.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>The service's clock, for requests that carry no timestamp.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>
/// The recommendation service's logic (the course's botify), independent of how it is reached: for each
/// <c>next</c>, record the played track in the session history, find the user's arm of the active experiment, ask
/// that arm's recommender, and log an event with the course's fields plus the session id; for <c>last</c>, record
/// and log the end of the session. The HTTP host and the in-process client are two ways to reach the same object.
/// </summary>
/// <remarks>
/// The first experiment routes requests (chooses the recommender); every experiment's arm is logged in
/// <c>experiments</c>. If a recommender has no answer (-1), a random track is served, so every <c>next</c> gets a track.
/// Thread-safe; allocates nothing per request for users of the world.
/// </remarks>
public sealed class Botify : IBotifyClient
{
    private readonly MusicWorld _world;
    private readonly IReadOnlyList<Experiment> _experiments;
    private readonly IEventSink _events;
    private readonly IHistoryStore _history;
    private readonly BotifyOptions _options;
    private readonly int[] _activeArm;
    private readonly string[] _experimentsJson;
    private readonly RandomRecommender _lastResort;
    private static readonly SessionHistory EmptyHistory = new();
    private long _requests;

    /// <summary>Creates the service.</summary>
    /// <param name="world">The catalogue (track and user ids, artists, popularity).</param>
    /// <param name="experiments">Experiments; the first one routes requests. At least one.</param>
    /// <param name="events">Where events go.</param>
    /// <param name="history">Session state; in memory when null.</param>
    /// <param name="options">Seed and clock.</param>
    public Botify(MusicWorld world, IReadOnlyList<Experiment> experiments, IEventSink events, IHistoryStore? history = null, BotifyOptions? options = null)
    {
        if (experiments.Count == 0) throw new ArgumentException("Botify needs at least one experiment (it chooses the recommender).", nameof(experiments));
        var names = experiments.GroupBy(e => e.Name).FirstOrDefault(g => g.Count() > 1);
        if (names is not null) throw new ArgumentException($"two experiments are called '{names.Key}'.", nameof(experiments));
        _world = world;
        _experiments = experiments;
        _events = events;
        _history = history ?? new InMemoryHistoryStore();
        _options = options ?? new BotifyOptions();
        _lastResort = new RandomRecommender(world.TrackCount);
        _activeArm = new int[world.UserCount];
        _experimentsJson = new string[world.UserCount];
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var u = 0; u < world.UserCount; u++)
        {
            _activeArm[u] = experiments[0].ArmIndex(u);
            var text = ExperimentsJson(u);
            _experimentsJson[u] = texts.TryGetValue(text, out var shared) ? shared : texts[text] = text;
        }
    }

    /// <summary>The world served.</summary>
    public MusicWorld World => _world;

    /// <summary>All experiments; the first routes requests.</summary>
    public IReadOnlyList<Experiment> Experiments => _experiments;

    /// <summary>The arm of the routing experiment that serves <paramref name="user"/>.</summary>
    public Arm ArmOf(int user) => _experiments[0].Arms[(uint)user < (uint)_activeArm.Length ? _activeArm[user] : _experiments[0].ArmIndex(user)];

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">Unknown user or track, or a time outside [0, 1]; hosts check
    /// requests first and answer 4xx, so this guards only programming errors.</exception>
    public int Next(in BotifyRequest request) => NextAsync(request).GetAwaiter().GetResult();

    /// <inheritdoc />
    public void Last(in BotifyRequest request) => LastAsync(request).GetAwaiter().GetResult();

    /// <summary>The <c>next</c> request, asynchronously (a shared session store is a round trip away); completes
    /// synchronously with the in-memory store.</summary>
    /// <exception cref="HistoryStoreUnavailableException">The session store cannot be reached; nothing is logged.</exception>
    /// <exception cref="SessionOwnedByAnotherUserException">The session id is another user's open session; nothing is logged.</exception>
    public ValueTask<int> NextAsync(BotifyRequest request)
    {
        var started = Stopwatch.GetTimestamp();
        Validate(request);
        var arm = _experiments[0].Arms[_activeArm[request.User]];
        var recommender = arm.Recommender;
        var pending = _history.AppendAsync(request.User, request.Session, request.Track, request.Time, recommender.UsesHistory, recommender.UsesState);
        if (!pending.IsCompletedSuccessfully) return Awaited(pending, request, arm, started);
        var step = pending.Result;
        var recommendation = Recommend(request, arm, step);
        if (step.State is { IsDirty: true } state)
        {
            var save = _history.SaveStateAsync(request.User, request.Session, state);
            if (!save.IsCompletedSuccessfully) return Saved(save, request, recommendation, step.Length, started);
        }
        Log(request, recommendation, step.Length, started);
        return ValueTask.FromResult(recommendation);

        async ValueTask<int> Awaited(ValueTask<SessionStep> appended, BotifyRequest r, Arm a, long start)
        {
            var s = await appended;
            var track = Recommend(r, a, s);
            if (s.State is { IsDirty: true } changed) await _history.SaveStateAsync(r.User, r.Session, changed);
            Log(r, track, s.Length, start);
            return track;
        }

        async ValueTask<int> Saved(ValueTask saving, BotifyRequest r, int track, int length, long start)
        {
            await saving;
            Log(r, track, length, start);
            return track;
        }
    }

    /// <summary>The <c>last</c> request, asynchronously.</summary>
    /// <exception cref="HistoryStoreUnavailableException">The session store cannot be reached; nothing is logged.</exception>
    /// <exception cref="SessionOwnedByAnotherUserException">The session id is another user's open session; nothing is logged.</exception>
    public async ValueTask LastAsync(BotifyRequest request)
    {
        var started = Stopwatch.GetTimestamp();
        Validate(request);
        var tracks = await _history.EndAsync(request.User, request.Session);
        Log(request, -1, tracks + 1, started);
    }

    private int Recommend(in BotifyRequest request, Arm arm, SessionStep step)
    {
        var context = new RecommendationContext
        {
            User = request.User,
            PreviousTrack = request.Track,
            PreviousTime = request.Time,
            History = step.History ?? EmptyHistory,
            State = step.State ?? new SessionState(),
            Random = request.Session >= 0
                ? Rng.For(_options.Seed ^ SeedSequence.Mix((ulong)request.Session), step.Length)
                : new Rng((ulong)Stopwatch.GetTimestamp() ^ ((ulong)Environment.CurrentManagedThreadId << 48) ^ (ulong)Interlocked.Increment(ref _requests) << 20),
        };
        var recommendation = arm.Recommender.RecommendNext(ref context);
        if (!_world.IsTrack(recommendation)) recommendation = _lastResort.RecommendNext(ref context);
        return recommendation;
    }

    private void Log(in BotifyRequest request, int recommendation, int step, long started)
    {
        var e = new BotifyEvent
        {
            IsLast = recommendation < 0,
            Timestamp = request.Timestamp >= 0 ? request.Timestamp : _options.Clock.GetUtcNow().ToUnixTimeMilliseconds(),
            User = request.User,
            Track = request.Track,
            Time = request.Time,
            Latency = Stopwatch.GetElapsedTime(started).TotalSeconds,
            Recommendation = recommendation,
            Experiments = _experimentsJson[request.User],
            Session = request.Session,
            Step = step,
        };
        _events.Append(e);
    }

    private void Validate(in BotifyRequest request)
    {
        if (!_world.IsUser(request.User)) throw new ArgumentOutOfRangeException(nameof(request), request.User, $"unknown user {request.User}");
        if (!_world.IsTrack(request.Track)) throw new ArgumentOutOfRangeException(nameof(request), request.Track, $"unknown track {request.Track}");
        if (!(request.Time >= 0 && request.Time <= 1)) throw new ArgumentOutOfRangeException(nameof(request), request.Time, "time must be in [0, 1]");
    }

    private string ExperimentsJson(int user) =>
        JsonSerializer.Serialize(_experiments.ToDictionary(e => e.Name, e => e.ArmOf(user).Name));
}
