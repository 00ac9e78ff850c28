using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace RecLab.Service;

/// <summary>
/// Reaches Botify replicas over HTTP with the course's API (<c>POST /next/{user}</c>, <c>POST /last/{user}</c>, body
/// <c>{"track", "time"}</c> plus RecLab's optional <c>"session"</c>). Keep-alive connections (a pool per replica),
/// requests written in one piece with Nagle off (no delayed-ACK stalls), and a request that fails because a replica is
/// gone (connection refused or reset, 502/503/504) is retried on the next replica with a short back-off.
/// </summary>
public sealed class HttpBotifyClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient[] _clients;
    private readonly Uri[] _replicas;
    private readonly int _attempts;
    private readonly ConcurrentDictionary<string, long> _retryCauses = new();
    private long _retries;

    /// <summary>A client for <paramref name="replicas"/> (one address, e.g. nginx, or each replica).</summary>
    /// <param name="replicas">Base addresses.</param>
    /// <param name="connectionsPerReplica">Keep-alive connections per replica (about the concurrency).</param>
    /// <param name="attempts">Tries per request across replicas before giving up.</param>
    /// <param name="timeout">Per-request timeout.</param>
    public HttpBotifyClient(IReadOnlyList<Uri> replicas, int connectionsPerReplica = 64, int attempts = 8, TimeSpan? timeout = null)
    {
        if (replicas.Count == 0) throw new ArgumentException("at least one service address is needed.", nameof(replicas));
        _replicas = [.. replicas];
        _attempts = Math.Max(1, attempts);
        _clients = _replicas.Select(_ => new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connectionsPerReplica,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(2),
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        }).ToArray();
    }

    /// <summary>Requests that had to be retried (on another replica or after a 503).</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Why attempts failed and were retried: a status (<c>"503"</c>) or an exception type, with counts; a 503
    /// means the replica lost its session store and logged nothing.</summary>
    public IReadOnlyDictionary<string, long> RetryCauses => new SortedDictionary<string, long>(_retryCauses, StringComparer.Ordinal);

    /// <summary>The replicas' addresses.</summary>
    public IReadOnlyList<Uri> Replicas => _replicas;

    /// <summary>Sends <c>/next</c>; <paramref name="route"/> picks the first replica tried (e.g. the session id).</summary>
    /// <exception cref="HttpRequestException">Every attempt failed, or the service refused the request (4xx).</exception>
    public async Task<int> NextAsync(BotifyRequest request, long route, CancellationToken cancellation = default)
    {
        using var response = await SendAsync("next", request, route, cancellation);
        var body = await response.Content.ReadAsByteArrayAsync(cancellation);
        return TrackOf(body);
    }

    /// <summary>Sends <c>/last</c>.</summary>
    public async Task LastAsync(BotifyRequest request, long route, CancellationToken cancellation = default)
    {
        using var _ = await SendAsync("last", request, route, cancellation);
    }

    /// <summary>The <c>track</c> of a <c>/next</c> answer, read without building a document.</summary>
    private static int TrackOf(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("track") && reader.Read() && reader.TryGetInt32(out var track))
                return track;
        throw new HttpRequestException($"the service's answer has no track: {Encoding.UTF8.GetString(json)}");
    }

    private async Task<HttpResponseMessage> SendAsync(string verb, BotifyRequest request, long route, CancellationToken cancellation)
    {
        var body = Encoding.UTF8.GetBytes(request.Session >= 0
            ? string.Create(CultureInfo.InvariantCulture, $"{{\"track\":{request.Track},\"time\":{request.Time:R},\"session\":{request.Session}}}")
            : string.Create(CultureInfo.InvariantCulture, $"{{\"track\":{request.Track},\"time\":{request.Time:R}}}"));
        var first = (int)((ulong)route % (ulong)_replicas.Length);
        Exception? last = null;
        for (var attempt = 0; attempt < _attempts; attempt++)
        {
            var replica = (first + attempt) % _replicas.Length;
            if (attempt > 0)
            {
                Interlocked.Increment(ref _retries);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(200, 5 << Math.Min(attempt, 5))), cancellation);
            }
            try
            {
                using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(_replicas[replica], $"{verb}/{request.User}"))
                {
                    Content = new ByteArrayContent(body) { Headers = { ContentType = Json } },
                };
                var response = await _clients[replica].SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellation);
                if (response.IsSuccessStatusCode) return response;
                var status = (int)response.StatusCode;
                var text = await response.Content.ReadAsStringAsync(cancellation);
                response.Dispose();
                if (status is 502 or 503 or 504)
                {
                    last = new HttpRequestException($"{_replicas[replica]} answered {status}: {text}", null, response.StatusCode);
                    _retryCauses.AddOrUpdate(status.ToString(CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                    continue;
                }
                throw new HttpRequestException($"{_replicas[replica]}{verb}/{request.User} answered {status}: {text}", null, response.StatusCode);
            }
            catch (Exception e) when (e is HttpRequestException { StatusCode: null } or IOException or TaskCanceledException && !cancellation.IsCancellationRequested)
            {
                last = e;
                _retryCauses.AddOrUpdate(e.GetType().Name, 1, (_, n) => n + 1);
            }
        }
        throw new HttpRequestException($"/{verb}/{request.User} failed on every replica after {_attempts} attempts: {last?.Message}", last);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var client in _clients) client.Dispose();
    }
}
