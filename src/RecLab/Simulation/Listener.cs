using System.Numerics.Tensors;
using RecLab.World;

namespace RecLab.Simulation;

/// <summary>
/// The course's listener model, one session at a time (reused across sessions by one worker; allocates nothing per
/// session):
/// <list type="bullet">
/// <item>A session picks a user uniformly, then one of their interests; the session vector is that track's embedding;
/// the first track is drawn uniformly from the interest's nearest tracks by inner product, and counts as listened in full (1.0).</item>
/// <item>A recommended track is listened for 0 if already played in this session, otherwise
/// <c>round(sigmoid((dot(track, session) - bias) * sharpness) * gamma^(earlier plays of its artist in the session), 2)</c>.</item>
/// <item>Patience starts at the user's budget (5) and drops by 1 with probability <c>1 - time</c>; the session ends at 0,
/// so it has at least budget + 1 tracks.</item>
/// </list>
/// </summary>
public sealed class Listener
{
    private readonly MusicWorld _world;
    private readonly int[] _playedStamp;
    private readonly int[] _artistStamp;
    private readonly int[] _artistPlays;
    private int _stamp;
    private Rng _rng;
    private UserProfile _user = null!;
    private int _interest;
    private int _budget;

    /// <summary>A listener for <paramref name="world"/>; <paramref name="maxSessionLength"/> caps a session's tracks
    /// (a guard against recommenders so good that patience never runs out; the course has none).</summary>
    public Listener(MusicWorld world, int maxSessionLength = DefaultMaxSessionLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSessionLength, 2);
        _world = world;
        MaxSessionLength = maxSessionLength;
        _playedStamp = new int[world.TrackCount];
        _artistStamp = new int[world.ArtistCount];
        _artistPlays = new int[world.ArtistCount];
    }

    /// <summary>Default cap on tracks per session.</summary>
    public const int DefaultMaxSessionLength = 1_000;

    /// <summary>The cap on tracks per session.</summary>
    public int MaxSessionLength { get; }

    /// <summary>The current session's user.</summary>
    public int User => _user.Id;

    /// <summary>The track playing now (the first track after <see cref="Begin"/>, then each recommendation).</summary>
    public int Track { get; private set; }

    /// <summary>How much of <see cref="Track"/> was listened to.</summary>
    public double Time { get; private set; }

    /// <summary>Tracks played in this session, the first included.</summary>
    public int Length { get; private set; }

    /// <summary>Whether the session has ended.</summary>
    public bool Done { get; private set; }

    /// <summary>Whether it ended because of <see cref="MaxSessionLength"/> rather than patience.</summary>
    public bool Capped { get; private set; }

    /// <summary>Starts a session with its own random stream (seeded per episode by the caller).</summary>
    public void Begin(Rng random)
    {
        _rng = random;
        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_playedStamp);
            Array.Clear(_artistStamp);
            _stamp = 1;
        }
        _user = _world.User(_rng.NextInt(_world.UserCount));
        var which = _rng.NextInt(_user.Interests.Length);
        _interest = _user.Interests[which];
        var neighbours = _world.InterestNeighbours(_user.Id, which);
        Track = neighbours[_rng.NextInt(neighbours.Length)];
        Time = 1.0;
        _budget = _user.SessionBudget;
        Length = 0;
        Done = Capped = false;
        Play(Track);
    }

    /// <summary>Listens to a recommended track: returns the listening time and updates patience.</summary>
    public double Listen(int track)
    {
        if (Done) throw new InvalidOperationException("the session has ended; call Begin first.");
        var time = ListeningTime(track);
        Play(track);
        Track = track;
        Time = time;
        if (_rng.NextDouble() < 1 - time) _budget--;
        if (_budget <= 0) Done = true;
        else if (Length >= MaxSessionLength) Done = Capped = true;
        return time;
    }

    /// <summary>What <see cref="Listen"/> would return for <paramref name="track"/> now, without playing it.</summary>
    public double ListeningTime(int track)
    {
        if (_playedStamp[track] == _stamp) return 0;
        var dot = TensorPrimitives.Dot(_world.Embedding(track), _world.Embedding(_interest));
        var score = 1.0 / (1.0 + Math.Exp(-(dot - _user.ConsumeBias) * _user.ConsumeSharpness));
        var artist = _world.ArtistOf(track);
        var earlier = _artistStamp[artist] == _stamp ? _artistPlays[artist] : 0;
        // gamma^0 is exactly 1: the common case (no earlier play of the artist) skips Math.Pow.
        return Math.Round(earlier == 0 ? score : score * Math.Pow(_user.ArtistDiscountGamma, earlier), 2, MidpointRounding.ToEven);
    }

    private void Play(int track)
    {
        _playedStamp[track] = _stamp;
        var artist = _world.ArtistOf(track);
        if (_artistStamp[artist] != _stamp)
        {
            _artistStamp[artist] = _stamp;
            _artistPlays[artist] = 0;
        }
        _artistPlays[artist]++;
        Length++;
    }
}
