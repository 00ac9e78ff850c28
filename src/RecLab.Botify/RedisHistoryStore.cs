using System.Globalization;
using RecLab.Service;
using StackExchange.Redis;

namespace RecLab.Web;

/// <summary>
/// Session histories in Redis, shared by every replica of the service: one list per session
/// (<c>reclab:session:ID</c>, or <c>reclab:user:ID</c> for clients without session ids) of <c>track|time</c> entries,
/// appended and read back in one round trip (a Lua script), expiring a day after the last request.
/// </summary>
/// <remarks>
/// Redis down at start: <see cref="Connect"/> fails with a message naming the address. Redis lost at run time: requests
/// fail fast (timeouts of one second) with <see cref="HistoryStoreUnavailableException"/>, which the service answers with
/// 503 and no event; the multiplexer reconnects by itself and service resumes when Redis is back.
/// </remarks>
public sealed class RedisHistoryStore : IHistoryStore, IDisposable
{
    private const string AppendScript =
        "redis.call('RPUSH', KEYS[1], ARGV[1]) redis.call('EXPIRE', KEYS[1], ARGV[2]) return redis.call('LRANGE', KEYS[1], 0, -1)";
    private static readonly TimeSpan Expiry = TimeSpan.FromDays(1);
    private readonly ConnectionMultiplexer _redis;
    private readonly IDatabase _database;
    private readonly string _address;

    private RedisHistoryStore(ConnectionMultiplexer redis, string address)
    {
        _redis = redis;
        _database = redis.GetDatabase();
        _address = address;
    }

    /// <summary>Connects to Redis at <paramref name="address"/> (<c>host:port</c>).</summary>
    /// <exception cref="InvalidOperationException">Redis is not reachable; the message says where and what to do.</exception>
    public static RedisHistoryStore Connect(string address)
    {
        var options = ConfigurationOptions.Parse(address);
        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 2000;
        options.SyncTimeout = 1000;
        options.AsyncTimeout = 1000;
        options.ConnectRetry = 1;
        try
        {
            var redis = ConnectionMultiplexer.Connect(options);
            redis.GetDatabase().Ping();
            return new RedisHistoryStore(redis, address);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"Redis at {address} is not reachable ({e.Message.Split('\n')[0]}). Start redis-server (bash environment/stack.sh does), " +
                "or leave Redis out to keep sessions in this process.", e);
        }
    }

    /// <summary>Whether Redis answers now.</summary>
    public bool IsConnected => _redis.IsConnected;

    /// <inheritdoc />
    public async ValueTask<SessionStep> AppendAsync(int user, long session, int track, double time, bool readBack = true)
    {
        RedisResult result;
        var key = Key(user, session);
        var entry = string.Create(CultureInfo.InvariantCulture, $"{track}|{time:R}");
        try
        {
            if (!readBack)
            {
                // Record only: RPUSH and EXPIRE in one pipelined round trip.
                var batch = _database.CreateBatch();
                var push = batch.ListRightPushAsync(key, entry);
                var expire = batch.KeyExpireAsync(key, Expiry);
                batch.Execute();
                await Task.WhenAll(push, expire);
                return new SessionStep((int)push.Result, null);
            }
            result = await _database.ScriptEvaluateAsync(AppendScript, [key], [entry, (long)Expiry.TotalSeconds]);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw Unavailable(e);
        }
        var history = new SessionHistory();
        foreach (var item in (RedisResult[])result!)
        {
            var text = (string)item!;
            var bar = text.IndexOf('|');
            history.Add(int.Parse(text.AsSpan(0, bar), CultureInfo.InvariantCulture), double.Parse(text.AsSpan(bar + 1), CultureInfo.InvariantCulture));
        }
        return new SessionStep(history.Count, history);
    }

    /// <inheritdoc />
    public async ValueTask EndAsync(int user, long session)
    {
        try
        {
            await _database.KeyDeleteAsync(Key(user, session));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw Unavailable(e);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _redis.Dispose();

    private HistoryStoreUnavailableException Unavailable(Exception e) =>
        new($"session store (Redis at {_address}) unavailable: {e.Message.Split('\n')[0]}", e);

    private static RedisKey Key(int user, long session) =>
        session >= 0 ? $"reclab:session:{session.ToString(CultureInfo.InvariantCulture)}" : $"reclab:user:{user.ToString(CultureInfo.InvariantCulture)}";
}
