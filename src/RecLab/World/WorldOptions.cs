namespace RecLab.World;

/// <summary>
/// How <see cref="WorldGenerator"/> builds a world. Defaults reproduce the course's simulator closely enough that
/// course results carry over: with them a Random recommender gives about 7.0 tracks and 2.0 listening time per
/// session (the course reports 7.05 and 2.05), and StickyArtist lifts time per session by roughly half
/// (the course reports +45.6%); a test checks both.
/// </summary>
/// <remarks>
/// Embeddings follow <c>e(track) = m + S[style(artist)] + A[artist] + eps</c>: random directions scaled to fixed squared
/// norms (shared mean m, one vector per style, per artist, per track). The structure and norms are the calibration
/// recorded in the project's environment notes (shared/NOTES.md, "Calibrating a synthetic music world"); styles are
/// grouped into genres for display and features.
/// </remarks>
public sealed record WorldOptions
{
    /// <summary>Number of tracks (course: about 50,000).</summary>
    public int Tracks { get; init; } = 50_000;

    /// <summary>Number of artists (course data: about 11,500, heavy-tailed tracks per artist).</summary>
    public int Artists { get; init; } = 11_500;

    /// <summary>Number of genres (labels; about 20 as in the course's data).</summary>
    public int Genres { get; init; } = 20;

    /// <summary>Number of style clusters in embedding space, spread evenly over the genres (calibration: 300).</summary>
    public int Styles { get; init; } = 300;

    /// <summary>Embedding dimensions (course: 100).</summary>
    public int Dimensions { get; init; } = 100;

    /// <summary>Number of users (course: 10,000).</summary>
    public int Users { get; init; } = 10_000;

    /// <summary>Interest tracks per user, drawn by popularity without repeats (course: 3).</summary>
    public int InterestsPerUser { get; init; } = 3;

    /// <summary>Lower end of the uniform consume bias (course: 0).</summary>
    public double ConsumeBiasMin { get; init; }

    /// <summary>Upper end of the uniform consume bias (course: 10).</summary>
    public double ConsumeBiasMax { get; init; } = 10;

    /// <summary>Lower end of the uniform consume sharpness (course: 0.5).</summary>
    public double ConsumeSharpnessMin { get; init; } = 0.5;

    /// <summary>Upper end of the uniform consume sharpness (course: 2).</summary>
    public double ConsumeSharpnessMax { get; init; } = 2;

    /// <summary>Squared norm of the mean vector shared by all tracks (calibration: 0.3).</summary>
    public double MeanSquaredNorm { get; init; } = 0.3;

    /// <summary>Squared norm of each style vector (calibration: 5).</summary>
    public double StyleSquaredNorm { get; init; } = 5;

    /// <summary>Squared norm of each artist vector (calibration: 6).</summary>
    public double ArtistSquaredNorm { get; init; } = 6;

    /// <summary>Squared norm of each track's own vector (calibration: 10).</summary>
    public double TrackSquaredNorm { get; init; } = 10;

    /// <summary>Spread (log-normal sigma) of artist weights that share out tracks beyond one per artist: larger means a
    /// heavier tail of prolific artists.</summary>
    public double ArtistSizeSigma { get; init; } = 1.3;

    /// <summary>Log-normal sigma of artist popularity; a track's listener count is artist popularity times its own
    /// log-normal factor.</summary>
    public double ArtistPopularitySigma { get; init; } = 1.5;

    /// <summary>Log-normal sigma of a track's popularity within its artist.</summary>
    public double TrackPopularitySigma { get; init; } = 1.0;

    /// <summary>A smaller world with the same structure: the default study's (about 100 sessions per user and 20 plays per
    /// track in a 100,000-session log, enough for the trained models to learn in minutes), tests and CI runs.</summary>
    public static WorldOptions Small { get; } = new() { Tracks = 5_000, Artists = 1_150, Users = 1_000 };

    /// <summary>The world of a study: <see cref="Small"/> unless <paramref name="full"/> (the course-sized default), or
    /// as <paramref name="smallWorld"/> says when given.</summary>
    public static WorldOptions Study(bool full, bool? smallWorld = null) => smallWorld ?? !full ? Small : new WorldOptions();

    /// <summary>Checks every field; the message names the bad one.</summary>
    /// <exception cref="ArgumentException">A field is out of range.</exception>
    public WorldOptions Validate()
    {
        Require(Tracks > 0, nameof(Tracks), Tracks);
        Require(Artists > 0 && Artists <= Tracks, nameof(Artists), Artists, "must be in [1, Tracks]");
        Require(Genres > 0, nameof(Genres), Genres);
        Require(Styles >= Genres, nameof(Styles), Styles, "must be at least Genres");
        Require(Dimensions > 0, nameof(Dimensions), Dimensions);
        Require(Users > 0, nameof(Users), Users);
        Require(InterestsPerUser > 0 && InterestsPerUser <= Tracks, nameof(InterestsPerUser), InterestsPerUser, "must be in [1, Tracks]");
        Require(ConsumeBiasMax >= ConsumeBiasMin, nameof(ConsumeBiasMax), ConsumeBiasMax, "must be at least ConsumeBiasMin");
        Require(ConsumeSharpnessMin > 0 && ConsumeSharpnessMax >= ConsumeSharpnessMin, nameof(ConsumeSharpnessMin), ConsumeSharpnessMin, "must be positive and at most ConsumeSharpnessMax");
        foreach (var (name, value) in new[] { (nameof(MeanSquaredNorm), MeanSquaredNorm), (nameof(StyleSquaredNorm), StyleSquaredNorm), (nameof(ArtistSquaredNorm), ArtistSquaredNorm), (nameof(TrackSquaredNorm), TrackSquaredNorm), (nameof(ArtistSizeSigma), ArtistSizeSigma), (nameof(ArtistPopularitySigma), ArtistPopularitySigma), (nameof(TrackPopularitySigma), TrackPopularitySigma) })
            Require(value >= 0 && double.IsFinite(value), name, value, "must be a finite non-negative number");
        return this;
    }

    private static void Require(bool ok, string field, object value, string rule = "must be positive")
    {
        if (!ok) throw new ArgumentException($"WorldOptions.{field} = {value}: {rule}.", field);
    }
}
