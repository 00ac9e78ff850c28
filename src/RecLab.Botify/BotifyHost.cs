using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RecLab.Recommenders;
using RecLab.Service;
using RecLab.World;

namespace RecLab.Web;

/// <summary>
/// Builds the HTTP host of the recommendation service: the course's endpoints (<c>GET /</c>, <c>GET /track/{id}</c>,
/// <c>POST /next/{user}</c>, <c>POST /last/{user}</c>) plus <c>GET /health</c> and <c>GET /experiments</c>, over the library's
/// <see cref="Botify"/>. Bad input (unknown user or track, malformed JSON, missing or mistyped fields, oversized
/// bodies) gets a 4xx with a JSON <c>{"error": ...}</c> and logs no event; a lost session store gets 503.
/// SIGTERM drains in-flight requests and completes the event log before the process exits.
/// </summary>
public static class BotifyHost
{
    private static readonly JsonSerializerOptions ErrorJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Reads the configuration: the JSON file at <paramref name="path"/> (when given), then <c>RECLAB_</c> environment
    /// variables over it (<c>RECLAB_Redis</c>, <c>RECLAB_Experiments__0__Arms__T1</c>, ...).
    /// </summary>
    /// <returns>The configuration and the folder its relative paths start from.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static (BotifyConfig Config, string Directory) LoadConfig(string? path)
    {
        var settings = new ConfigurationBuilder();
        if (path is not null)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"configuration file {path} does not exist.", path);
            CheckJson(path);
            settings.AddJsonFile(Path.GetFullPath(path), optional: false);
        }
        IConfiguration bound;
        try
        {
            bound = settings.AddEnvironmentVariables("RECLAB_").Build();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"configuration file {path}: {e.InnerException?.Message ?? e.Message}", e);
        }
        var config = bound.Get<BotifyConfig>() ?? new BotifyConfig();
        return (config, path is null ? Environment.CurrentDirectory : Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Parses the file as the configuration reader will (comments and trailing commas allowed), so that a syntax
    /// error names its line and column; the configuration reader itself says only that the file could not be parsed.</summary>
    private static void CheckJson(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $", line {line + 1}, column {e.BytePositionInLine + 1}" : "";
            var reason = e.Message.Split(" LineNumber:", 2)[0].Split(" Path:", 2)[0];
            throw new InvalidDataException($"configuration file {path}{where}: {reason}", e);
        }
    }

    /// <summary>Builds (does not start) the service for <paramref name="config"/>.</summary>
    /// <param name="config">Service configuration (validated here).</param>
    /// <param name="configDirectory">Folder that relative paths in the configuration start from.</param>
    /// <param name="urls">Addresses to listen on, e.g. <c>http://127.0.0.1:8080</c>.</param>
    /// <exception cref="InvalidOperationException">Redis is configured but not reachable.</exception>
    /// <exception cref="RecommenderCompilationException">A file of <see cref="BotifyConfig.Recommenders"/> does not compile.</exception>
    public static WebApplication Build(BotifyConfig config, string configDirectory, IReadOnlyList<string> urls)
    {
        config.Validate();
        string Resolve(string path) => BotifyConfig.ResolvePath(path, configDirectory);
        var world = WorldFile.Load(Resolve(config.World));
        var ownRecommenders = config.Recommenders.Select(Resolve).ToList();
        var experiments = config.BuildExperiments(world, configDirectory,
            factory => { if (ownRecommenders.Count > 0) RecommenderCompiler.AddTo(factory, ownRecommenders); });
        var redis = string.IsNullOrWhiteSpace(config.Redis) ? null : RedisHistoryStore.Connect(config.Redis);
        var replica = string.IsNullOrWhiteSpace(config.Replica) ? $"{Environment.MachineName}-{Environment.ProcessId}" : config.Replica;
        var log = new RollingEventLog(Resolve(config.LogDir), replica, TimeSpan.FromSeconds(config.LogRollSeconds), Events.EventLogWorld.Of(world));
        var botify = new Botify(world, experiments, log, (IHistoryStore?)redis ?? new InMemoryHistoryStore(), new BotifyOptions { Seed = Simulation.DataCollection.ServiceSeed(config.Seed) });
        var service = new ServiceState(botify, world, log, redis, replica);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls([.. urls]);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = RequestBody.MaxBytes;
            RequestLimits.Configure(kestrel.Limits);
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        // A failed start (a port in use) reaches the caller as an exception; the host's own stack-trace line is noise.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        var app = builder.Build();
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            log.Dispose();
            redis?.Dispose();
        });
        app.Use(async (context, next) =>
        {
            if (RequestLimits.Check(context) is { } over)
            {
                await Error(context, over.Status, over.Message);
                return;
            }
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                await Error(context, e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? $"the body is larger than {RequestBody.MaxBytes} bytes" : e.Message);
            }
        });
        // The two hot endpoints skip endpoint routing: a prefix check and straight to the handler.
        app.Use((context, next) =>
        {
            var path = context.Request.Path.Value;
            if (!HttpMethods.IsPost(context.Request.Method) || path is null) return next(context);
            if (path.StartsWith("/next/", StringComparison.Ordinal)) return Handle(context, service, path[6..], last: false);
            if (path.StartsWith("/last/", StringComparison.Ordinal)) return Handle(context, service, path[6..], last: true);
            return next(context);
        });
        app.MapGet("/", () => Results.Json(new { service = "botify", replica, status = "up" }));
        app.MapGet("/health", (HttpContext context) => Health(context, service));
        // Built once: labels shorten artifact paths to their last part, so the host's folders stay private.
        var listing = experiments.Select((e, i) => new
        {
            name = e.Name,
            routes = i == 0,
            arms = e.Arms.Select(a => new { name = a.Name, recommender = RecommenderSpec.Parse(a.Spec).Label }).ToList(),
        }).ToList();
        app.MapGet("/experiments", () => Results.Json(listing));
        app.MapGet("/track/{id}", (string id, HttpContext context) =>
            int.TryParse(id, out var track) && world.IsTrack(track)
                ? Results.Json(world.GetTrack(track))
                : Results.Json(new { error = $"unknown track '{id}'" }, statusCode: StatusCodes.Status404NotFound));
        app.MapFallback((HttpContext context) => Error(context, StatusCodes.Status404NotFound, $"no endpoint {context.Request.Method} {context.Request.Path}"));
        return app;
    }

    private sealed record ServiceState(Botify Botify, MusicWorld World, RollingEventLog Log, RedisHistoryStore? Redis, string Replica)
    {
        public Stopwatch Uptime { get; } = Stopwatch.StartNew();
    }

    private static async Task Handle(HttpContext context, ServiceState service, string userText, bool last)
    {
        if (!int.TryParse(userText, out var user) || !service.World.IsUser(user))
        {
            await Error(context, StatusCodes.Status404NotFound, $"unknown user '{userText}'");
            return;
        }
        var body = await ReadBody(context.Request.BodyReader);
        if (body is null)
        {
            await Error(context, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {RequestBody.MaxBytes} bytes");
            return;
        }
        var (parsed, problem) = RequestBody.Parse(new ReadOnlySequence<byte>(body));
        if (parsed is not { } request)
        {
            await Error(context, StatusCodes.Status400BadRequest, problem!);
            return;
        }
        if (!service.World.IsTrack(request.Track))
        {
            await Error(context, StatusCodes.Status404NotFound, $"unknown track {request.Track}");
            return;
        }
        try
        {
            var call = new BotifyRequest(user, request.Track, request.Time, request.Session);
            if (last)
            {
                await service.Botify.LastAsync(call);
                await Reply(context, $"{{\"user\":{user}}}");
            }
            else
            {
                var track = await service.Botify.NextAsync(call);
                await Reply(context, $"{{\"user\":{user},\"track\":{track}}}");
            }
        }
        catch (HistoryStoreUnavailableException e)
        {
            // The details (address, client diagnostics) go to the replica's log, never to the client.
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("RecLab.Botify").LogWarning(e, "503: {Reason}", e.Message);
            await Error(context, StatusCodes.Status503ServiceUnavailable, UnavailableMessage);
        }
        catch (SessionOwnedByAnotherUserException e)
        {
            await Error(context, StatusCodes.Status403Forbidden, e.Message);
        }
    }

    private static async Task<byte[]?> ReadBody(PipeReader reader)
    {
        while (true)
        {
            var read = await reader.ReadAsync();
            if (read.Buffer.Length > RequestBody.MaxBytes)
            {
                reader.AdvanceTo(read.Buffer.End);
                return null;
            }
            if (read.IsCompleted)
            {
                var bytes = read.Buffer.ToArray();
                reader.AdvanceTo(read.Buffer.End);
                return bytes;
            }
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    private static async Task Health(HttpContext context, ServiceState service)
    {
        var redis = service.Redis is null ? "not used" : service.Redis.IsConnected ? "ok" : "unreachable";
        context.Response.StatusCode = redis == "unreachable" ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        await context.Response.WriteAsJsonAsync(new
        {
            status = redis == "unreachable" ? "degraded" : "ok",
            replica = service.Replica,
            redis,
            events = service.Log.Count,
            uptime_s = Math.Round(service.Uptime.Elapsed.TotalSeconds, 1),
        });
    }

    private static Task Reply(HttpContext context, string json)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    }

    /// <summary>What a client is told when the session store is lost: nothing about the store's address or client.</summary>
    internal const string UnavailableMessage = "the session store is unavailable; nothing was logged, retry the request";

    private static Task Error(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new { error = message }, ErrorJson));
    }
}
