using RecLab.World;

namespace RecLab.Tests.TestSupport;

/// <summary>Worlds shared by tests (generation is deterministic, so sharing is safe).</summary>
public static class Worlds
{
    private static readonly Lazy<MusicWorld> SmallWorld = new(() => WorldGenerator.Generate(WorldOptions.Small, 7));
    private static readonly Lazy<MusicWorld> DefaultWorld = new(() => WorldGenerator.Generate(new WorldOptions(), 42));

    /// <summary>5,000 tracks, 1,000 users, seed 7.</summary>
    public static MusicWorld Small => SmallWorld.Value;

    /// <summary>The default (course-sized) world, seed 42.</summary>
    public static MusicWorld Default => DefaultWorld.Value;

    /// <summary>A hand-made world: 2-d embeddings, 3 artists, 6 tracks, 2 users with known parameters.</summary>
    public static MusicWorld Tiny()
    {
        float[] embeddings =
        [
            1, 0,    // track 0, artist 0
            2, 1,    // track 1, artist 0
            0, 3,    // track 2, artist 1
            -1, -1,  // track 3, artist 1
            3, 3,    // track 4, artist 2
            0.5f, 0, // track 5, artist 2
        ];
        UserProfile[] users =
        [
            new(0, [1], ConsumeBias: 1.0, ConsumeSharpness: 2.0, SessionBudget: 5, ArtistDiscountGamma: 0.8, InterestNeighbours: 2),
            new(1, [2, 4], ConsumeBias: 5.0, ConsumeSharpness: 1.0, SessionBudget: 3, ArtistDiscountGamma: 0.5, InterestNeighbours: 1),
        ];
        return new MusicWorld(2, embeddings, [0, 0, 1, 1, 2, 2], [0, 0, 1, 1, 0, 1], [10, 50, 30, 5, 100, 1],
            ["a", "b", "c", "d", "e", "f"], ["A0", "A1", "A2"], ["G0", "G1"], users);
    }
}
