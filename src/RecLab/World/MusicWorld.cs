using Microsoft.Data.Analysis;

namespace RecLab.World;

/// <summary>
/// The music-streaming world the series runs on: tracks (artist, title, genre, listener count, a d-dimensional
/// embedding), artists, genres, and users with their tastes. Immutable once built; arrays are laid out by column so
/// that the simulator's hot loop touches only what it needs.
/// </summary>
public sealed class MusicWorld
{
    private readonly float[] _embeddings;
    private readonly int[] _trackArtist;
    private readonly int[] _trackGenre;
    private readonly long[] _trackPopularity;
    private readonly string[] _trackTitle;
    private readonly string[] _artistName;
    private readonly int[][] _artistTracks;
    private readonly string[] _genres;
    private readonly UserProfile[] _users;
    private readonly Lazy<int[]> _byPopularity;
    private readonly Lazy<int[][]> _interestNeighbours;
    private readonly Lazy<ulong> _fingerprint;

    /// <summary>Builds a world from its columns, checking that they fit together.</summary>
    /// <exception cref="ArgumentException">Lengths disagree or an id is out of range; the message names the field.</exception>
    public MusicWorld(int dimensions, float[] embeddings, int[] trackArtist, int[] trackGenre, long[] trackPopularity,
        string[] trackTitle, string[] artistName, string[] genres, UserProfile[] users)
    {
        var n = trackArtist.Length;
        if (dimensions <= 0) throw new ArgumentException($"dimensions must be positive, got {dimensions}.", nameof(dimensions));
        if (embeddings.Length != (long)n * dimensions)
            throw new ArgumentException($"embeddings has {embeddings.Length} values, expected tracks × dimensions = {n} × {dimensions}.", nameof(embeddings));
        Check(trackGenre.Length == n, nameof(trackGenre), $"has {trackGenre.Length} entries for {n} tracks");
        Check(trackPopularity.Length == n, nameof(trackPopularity), $"has {trackPopularity.Length} entries for {n} tracks");
        Check(trackTitle.Length == n, nameof(trackTitle), $"has {trackTitle.Length} entries for {n} tracks");
        for (var t = 0; t < n; t++)
        {
            Check((uint)trackArtist[t] < (uint)artistName.Length, nameof(trackArtist), $"track {t} has artist {trackArtist[t]}, not in [0, {artistName.Length})");
            Check((uint)trackGenre[t] < (uint)genres.Length, nameof(trackGenre), $"track {t} has genre {trackGenre[t]}, not in [0, {genres.Length})");
        }
        for (var u = 0; u < users.Length; u++)
        {
            Check(users[u].Id == u, "users", $"user at position {u} has id {users[u].Id}");
            Check(users[u].Interests.Length > 0, "users", $"user {u} has no interests");
            foreach (var interest in users[u].Interests)
                Check((uint)interest < (uint)n, "users", $"user {u} has interest {interest}, not a track id in [0, {n})");
            Check(users[u].InterestNeighbours is > 0, "users", $"user {u} has interest_neighbours {users[u].InterestNeighbours}");
            Check(users[u].SessionBudget > 0, "users", $"user {u} has session_budget {users[u].SessionBudget}");
        }
        Dimensions = dimensions;
        _embeddings = embeddings;
        _trackArtist = trackArtist;
        _trackGenre = trackGenre;
        _trackPopularity = trackPopularity;
        _trackTitle = trackTitle;
        _artistName = artistName;
        _genres = genres;
        _users = users;
        var lists = new List<int>[artistName.Length];
        for (var a = 0; a < lists.Length; a++) lists[a] = [];
        for (var t = 0; t < n; t++) lists[trackArtist[t]].Add(t);
        _artistTracks = lists.Select(l => l.ToArray()).ToArray();
        _byPopularity = new Lazy<int[]>(() => Enumerable.Range(0, n).OrderByDescending(t => _trackPopularity[t]).ThenBy(t => t).ToArray());
        _interestNeighbours = new Lazy<int[][]>(ComputeInterestNeighbours);
        _fingerprint = new Lazy<ulong>(ComputeFingerprint);
    }

    /// <summary>A hash of the sizes, embeddings, artists and genres of the tracks: trained artifacts record it, so that
    /// a model is never served against a world it was not trained on.</summary>
    public ulong Fingerprint => _fingerprint.Value;

    /// <summary>Embedding dimensions (100 in the course).</summary>
    public int Dimensions { get; }

    /// <summary>Number of tracks; track ids are 0..TrackCount-1.</summary>
    public int TrackCount => _trackArtist.Length;

    /// <summary>Number of artists.</summary>
    public int ArtistCount => _artistName.Length;

    /// <summary>Number of users; user ids are 0..UserCount-1.</summary>
    public int UserCount => _users.Length;

    /// <summary>Genre names; a track's genre is an index into this list.</summary>
    public IReadOnlyList<string> Genres => _genres;

    /// <summary>All users.</summary>
    public IReadOnlyList<UserProfile> Users => _users;

    /// <summary>All embeddings, row-major <c>[TrackCount, Dimensions]</c>.</summary>
    public ReadOnlySpan<float> Embeddings => _embeddings;

    /// <summary>The embedding of <paramref name="track"/> (not normalised).</summary>
    public ReadOnlySpan<float> Embedding(int track) => _embeddings.AsSpan(track * Dimensions, Dimensions);

    /// <summary>The artist of <paramref name="track"/>.</summary>
    public int ArtistOf(int track) => _trackArtist[track];

    /// <summary>The genre index of <paramref name="track"/>.</summary>
    public int GenreOf(int track) => _trackGenre[track];

    /// <summary>The listener count of <paramref name="track"/>.</summary>
    public long PopularityOf(int track) => _trackPopularity[track];

    /// <summary>The title of <paramref name="track"/>.</summary>
    public string TitleOf(int track) => _trackTitle[track];

    /// <summary>The name of <paramref name="artist"/>.</summary>
    public string ArtistName(int artist) => _artistName[artist];

    /// <summary>The tracks of <paramref name="artist"/>, in id order.</summary>
    public ReadOnlySpan<int> TracksOf(int artist) => _artistTracks[artist];

    /// <summary>The user with id <paramref name="user"/>.</summary>
    public UserProfile User(int user) => _users[user];

    /// <summary>Track ids from the most to the least popular (ties by id).</summary>
    public ReadOnlySpan<int> TracksByPopularity => _byPopularity.Value;

    /// <summary>One track, for display.</summary>
    public Track GetTrack(int id) =>
        new(id, _trackArtist[id], _artistName[_trackArtist[id]], _trackTitle[id], _genres[_trackGenre[id]], _trackPopularity[id]);

    /// <summary>Whether <paramref name="track"/> is a track id of this world.</summary>
    public bool IsTrack(int track) => (uint)track < (uint)TrackCount;

    /// <summary>Whether <paramref name="user"/> is a user id of this world.</summary>
    public bool IsUser(int user) => (uint)user < (uint)UserCount;

    /// <summary>
    /// The nearest tracks by inner product to interest number <paramref name="interest"/> of <paramref name="user"/>,
    /// exactly (<see cref="UserProfile.InterestNeighbours"/> of them, best first). Computed for every user on first
    /// use, in one batched pass (see <see cref="InnerProductSearch"/>).
    /// </summary>
    public ReadOnlySpan<int> InterestNeighbours(int user, int interest)
    {
        var k = _users[user].InterestNeighbours;
        return _interestNeighbours.Value[user].AsSpan(interest * k, k);
    }

    /// <summary>The track table as a DataFrame: <c>track, artist, artist_name, title, genre, popularity</c>.</summary>
    public DataFrame TracksFrame()
    {
        var n = TrackCount;
        return new DataFrame(
            new Int32DataFrameColumn("track", Enumerable.Range(0, n)),
            new Int32DataFrameColumn("artist", _trackArtist),
            new StringDataFrameColumn("artist_name", _trackArtist.Select(a => _artistName[a])),
            new StringDataFrameColumn("title", _trackTitle),
            new StringDataFrameColumn("genre", _trackGenre.Select(g => _genres[g])),
            new Int64DataFrameColumn("popularity", _trackPopularity));
    }

    internal float[] EmbeddingArray => _embeddings;
    internal int[] TrackArtistArray => _trackArtist;
    internal int[] TrackGenreArray => _trackGenre;
    internal long[] TrackPopularityArray => _trackPopularity;
    internal string[] TrackTitleArray => _trackTitle;
    internal string[] ArtistNameArray => _artistName;
    internal string[] GenreArray => _genres;
    internal UserProfile[] UserArray => _users;

    private int[][] ComputeInterestNeighbours()
    {
        var distinct = _users.SelectMany(u => u.Interests).Distinct().Order().ToArray();
        var kMax = _users.Max(u => u.InterestNeighbours);
        var top = InnerProductSearch.TopK(_embeddings, TrackCount, Dimensions, distinct, kMax);
        var row = new Dictionary<int, int>(distinct.Length);
        for (var i = 0; i < distinct.Length; i++) row[distinct[i]] = i;
        var result = new int[_users.Length][];
        for (var u = 0; u < _users.Length; u++)
        {
            var user = _users[u];
            var k = user.InterestNeighbours;
            var list = new int[user.Interests.Length * k];
            for (var i = 0; i < user.Interests.Length; i++)
                Array.Copy(top, row[user.Interests[i]] * kMax, list, i * k, k);
            result[u] = list;
        }
        return result;
    }

    private static void Check(bool condition, string field, string problem)
    {
        if (!condition) throw new ArgumentException($"{field}: {problem}.", field);
    }

    private ulong ComputeFingerprint()
    {
        var h = SeedSequence.Mix((ulong)Dimensions ^ ((ulong)TrackCount << 20) ^ ((ulong)UserCount << 42));
        foreach (var bits in System.Runtime.InteropServices.MemoryMarshal.Cast<float, uint>(_embeddings)) h = SeedSequence.Mix(h ^ bits);
        for (var t = 0; t < TrackCount; t++) h = SeedSequence.Mix(h ^ (ulong)_trackArtist[t] ^ ((ulong)_trackGenre[t] << 32));
        return h;
    }
}
