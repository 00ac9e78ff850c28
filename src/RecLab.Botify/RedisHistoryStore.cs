using System.Globalization;
using RecLab.Service;
using StackExchange.Redis;

namespace RecLab.Web;

/// <summary>
/// Session histories and states in Redis, shared by every replica of the service, each scoped to its user: a list per
/// session (<c>reclab:session:USER:ID</c>, or <c>reclab:user:USER</c> for clients without session ids) of
/// <c>track|time</c> entries, a hash of the recommender's <see cref="SessionState"/> beside it (<c>reclab:state:...</c>),
/// and the session id's owner (<c>reclab:owner:ID</c>), checked, appended and read back in one round trip (a Lua
/// script), all expiring a day after the last request and deleted at <c>last</c>.
/// </summary>
/// <remarks>
/// A session id belongs to the first user that used it until its <c>last</c>: another user's request naming it gets
/// <see cref="SessionOwnedByAnotherUserException"/> and changes nothing. Redis down at start: <see cref="Connect"/> fails
/// with a message naming the address. Redis lost at run time: requests fail fast (timeouts of one second) with
/// <see cref="HistoryStoreUnavailableException"/>, which the service answers with 503 and no event; the multiplexer
/// reconnects by itself and service resumes when Redis is back.
/// </remarks>
public sealed class RedisHistoryStore : IHistoryStore, IDisposable
{
    // KEYS: owner, history, state. ARGV: user, entry, expiry seconds, what to read (0 nothing, 1 history, 2 state, 3 both),
    // whether the session has an id (1) or is keyed by user (0). Returns {-1} for another user's session, else
    // {length, history or {}, state as field, value, ... or {}}.
    private const string AppendScript = """
        if ARGV[5] == '1' then
          local owner = redis.call('GET', KEYS[1])
          if owner and owner ~= ARGV[1] then return {-1} end
          redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
        end
        local n = redis.call('RPUSH', KEYS[2], ARGV[2])
        redis.call('EXPIRE', KEYS[2], ARGV[3])
        local mode = tonumber(ARGV[4])
        local history = {}
        local state = {}
        if mode % 2 == 1 then history = redis.call('LRANGE', KEYS[2], 0, -1) end
        if mode >= 2 then state = redis.call('HGETALL', KEYS[3]) end
        return {n, history, state}
        """;

    // KEYS: owner, history, state. ARGV: user, whether the session has an id. Returns -1 for another user's session,
    // else the session's length before it was deleted.
    private const string EndScript = """
        if ARGV[2] == '1' then
          local owner = redis.call('GET', KEYS[1])
          if owner and owner ~= ARGV[1] then return -1 end
          redis.call('DEL', KEYS[1])
        end
        local n = redis.call('LLEN', KEYS[2])
        redis.call('DEL', KEYS[2], KEYS[3])
        return n
        """;

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
    public async ValueTask<SessionStep> AppendAsync(int user, long session, int track, double time, bool readBack = true, bool readState = false)
    {
        RedisResult result;
        var entry = string.Create(CultureInfo.InvariantCulture, $"{track}|{time:R}");
        try
        {
            result = await _database.ScriptEvaluateAsync(AppendScript, Keys(user, session),
                [user, entry, (long)Expiry.TotalSeconds, (readBack ? 1 : 0) + (readState ? 2 : 0), session >= 0 ? 1 : 0]);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw Unavailable(e);
        }
        var parts = (RedisResult[])result!;
        var length = (int)parts[0];
        if (length < 0) throw new SessionOwnedByAnotherUserException(user, session);
        SessionHistory? history = null;
        if (readBack)
        {
            history = new SessionHistory();
            foreach (var item in (RedisResult[])parts[1]!)
            {
                var text = (string)item!;
                var bar = text.IndexOf('|');
                history.Add(int.Parse(text.AsSpan(0, bar), CultureInfo.InvariantCulture), double.Parse(text.AsSpan(bar + 1), CultureInfo.InvariantCulture));
            }
        }
        SessionState? state = null;
        if (readState)
        {
            state = new SessionState();
            var fields = (RedisResult[])parts[2]!;
            for (var i = 0; i + 1 < fields.Length; i += 2)
                state.Load((string)fields[i]!, long.Parse((string)fields[i + 1]!, CultureInfo.InvariantCulture));
        }
        return new SessionStep(length, history, state);
    }

    /// <inheritdoc />
    public async ValueTask SaveStateAsync(int user, long session, SessionState state)
    {
        if (!state.IsDirty) return;
        var key = Keys(user, session)[2];
        var changes = state.Changes.ToList();
        var set = changes.Where(c => c.Value != 0).Select(c => new HashEntry(c.Key, c.Value)).ToArray();
        var removed = changes.Where(c => c.Value == 0).Select(c => (RedisValue)c.Key).ToArray();
        try
        {
            var batch = _database.CreateBatch();
            var tasks = new List<Task>();
            if (set.Length > 0) tasks.Add(batch.HashSetAsync(key, set));
            if (removed.Length > 0) tasks.Add(batch.HashDeleteAsync(key, removed));
            tasks.Add(batch.KeyExpireAsync(key, Expiry));
            batch.Execute();
            await Task.WhenAll(tasks);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw Unavailable(e);
        }
        state.MarkSaved();
    }

    /// <inheritdoc />
    public async ValueTask<int> EndAsync(int user, long session)
    {
        RedisResult result;
        try
        {
            result = await _database.ScriptEvaluateAsync(EndScript, Keys(user, session), [user, session >= 0 ? 1 : 0]);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw Unavailable(e);
        }
        var length = (int)result;
        if (length < 0) throw new SessionOwnedByAnotherUserException(user, session);
        return length;
    }

    /// <inheritdoc />
    public void Dispose() => _redis.Dispose();

    private HistoryStoreUnavailableException Unavailable(Exception e) =>
        new($"session store (Redis at {_address}) unavailable: {e.Message.Split('\n')[0]}", e);

    /// <summary>Owner, history and state keys of a session: by (user, session id), or by user for clients without
    /// session ids.</summary>
    internal static RedisKey[] Keys(int user, long session)
    {
        var u = user.ToString(CultureInfo.InvariantCulture);
        if (session < 0) return [$"reclab:user-owner:{u}", $"reclab:user:{u}", $"reclab:user-state:{u}"];
        var s = session.ToString(CultureInfo.InvariantCulture);
        return [$"reclab:owner:{s}", $"reclab:session:{u}:{s}", $"reclab:state:{u}:{s}"];
    }
}
