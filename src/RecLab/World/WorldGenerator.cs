namespace RecLab.World;

/// <summary>Generates a seeded music world (see <see cref="WorldOptions"/> for the model and its calibration).</summary>
public static class WorldGenerator
{
    /// <summary>Builds the world for <paramref name="options"/> from <paramref name="seed"/>; the same pair always gives
    /// the same world, whatever the thread count.</summary>
    public static MusicWorld Generate(WorldOptions options, ulong seed)
    {
        options.Validate();
        var seeds = new SeedSequence(seed).Child("world");
        var d = options.Dimensions;

        var artistStyle = new int[options.Artists];
        var artistName = new string[options.Artists];
        var artistPopularity = new double[options.Artists];
        var rng = new Rng(seeds.Derive("artists"));
        for (var a = 0; a < options.Artists; a++)
        {
            artistStyle[a] = rng.NextInt(options.Styles);
            artistPopularity[a] = Math.Exp(options.ArtistPopularitySigma * rng.NextGaussian());
            artistName[a] = NameGenerator.Artist(ref rng);
        }

        var trackArtist = AssignTracksToArtists(options, seeds.Derive("tracks-per-artist"));
        var genreOfStyle = Enumerable.Range(0, options.Styles).Select(s => (int)((long)s * options.Genres / options.Styles)).ToArray();
        var trackGenre = trackArtist.Select(a => genreOfStyle[artistStyle[a]]).ToArray();

        var mean = RandomDirections(1, d, options.MeanSquaredNorm, seeds.Derive("mean"));
        var styles = RandomDirections(options.Styles, d, options.StyleSquaredNorm, seeds.Derive("styles"));
        var artists = RandomDirections(options.Artists, d, options.ArtistSquaredNorm, seeds.Derive("artist-vectors"));
        var embeddings = RandomDirections(options.Tracks, d, options.TrackSquaredNorm, seeds.Derive("track-vectors"));
        Parallel.For(0, options.Tracks, t =>
        {
            var e = embeddings.AsSpan(t * d, d);
            var a = trackArtist[t];
            var s = artistStyle[a];
            for (var i = 0; i < d; i++) e[i] += mean[i] + styles[s * d + i] + artists[a * d + i];
        });

        var popularity = new long[options.Tracks];
        var titles = new string[options.Tracks];
        rng = new Rng(seeds.Derive("track-popularity"));
        for (var t = 0; t < options.Tracks; t++)
        {
            var listeners = 1000.0 * artistPopularity[trackArtist[t]] * Math.Exp(options.TrackPopularitySigma * rng.NextGaussian());
            popularity[t] = Math.Max(1, (long)Math.Round(listeners));
            titles[t] = NameGenerator.Title(ref rng);
        }

        var users = GenerateUsers(options, popularity, seeds.Derive("users"));
        var genres = Enumerable.Range(0, options.Genres).Select(g => NameGenerator.Genre(g, options.Genres)).ToArray();
        return new MusicWorld(d, embeddings, trackArtist, trackGenre, popularity, titles, artistName, genres, users);
    }

    /// <summary>Every artist gets one track; the rest go to artists in proportion to log-normal weights (a heavy tail
    /// of prolific artists); then track ids are shuffled so an artist's tracks are not contiguous.</summary>
    private static int[] AssignTracksToArtists(WorldOptions options, ulong seed)
    {
        var rng = new Rng(seed);
        var cumulative = new double[options.Artists];
        var total = 0.0;
        for (var a = 0; a < options.Artists; a++) cumulative[a] = total += Math.Exp(options.ArtistSizeSigma * rng.NextGaussian());
        var artistOf = new int[options.Tracks];
        for (var t = 0; t < options.Tracks; t++)
            artistOf[t] = t < options.Artists ? t : Pick(cumulative, rng.NextDouble() * total);
        rng.Shuffle(artistOf.AsSpan());
        return artistOf;
    }

    private static UserProfile[] GenerateUsers(WorldOptions options, long[] popularity, ulong seed)
    {
        var cumulative = new double[popularity.Length];
        var total = 0.0;
        for (var t = 0; t < popularity.Length; t++) cumulative[t] = total += popularity[t];
        var users = new UserProfile[options.Users];
        var rng = new Rng(seed);
        for (var u = 0; u < options.Users; u++)
        {
            var interests = new int[options.InterestsPerUser];
            for (var i = 0; i < interests.Length; i++)
            {
                int track;
                do track = Pick(cumulative, rng.NextDouble() * total);
                while (Array.IndexOf(interests, track, 0, i) >= 0);
                interests[i] = track;
            }
            users[u] = new UserProfile(u, interests,
                rng.Uniform(options.ConsumeBiasMin, options.ConsumeBiasMax),
                rng.Uniform(options.ConsumeSharpnessMin, options.ConsumeSharpnessMax));
        }
        return users;
    }

    /// <summary><paramref name="count"/> vectors in random directions (normalised Gaussians) with the given squared norm,
    /// row-major; vector i comes from its own stream, so the result does not depend on threads.</summary>
    private static float[] RandomDirections(int count, int d, double squaredNorm, ulong seed)
    {
        var vectors = new float[(long)count * d];
        var norm = Math.Sqrt(squaredNorm);
        Parallel.For(0, count, i =>
        {
            var rng = Rng.For(seed, i);
            Span<double> v = stackalloc double[d];
            var sum = 0.0;
            for (var j = 0; j < d; j++)
            {
                v[j] = rng.NextGaussian();
                sum += v[j] * v[j];
            }
            var scale = sum > 0 ? norm / Math.Sqrt(sum) : 0;
            for (var j = 0; j < d; j++) vectors[(long)i * d + j] = (float)(v[j] * scale);
        });
        return vectors;
    }

    private static int Pick(double[] cumulative, double x)
    {
        var i = Array.BinarySearch(cumulative, x);
        if (i < 0) i = ~i;
        return Math.Min(i, cumulative.Length - 1);
    }
}
