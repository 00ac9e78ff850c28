namespace RecLab;

/// <summary>
/// One root seed from which every random component derives its own named seed ("world", "simulation", "split",
/// "init", "shuffle/epoch-3", ...), so that a study is reproduced from a single number and adding a component does
/// not shift the random streams of the others.
/// </summary>
/// <param name="Root">The root seed, printed in every notebook header and stored with results.</param>
public readonly record struct SeedSequence(ulong Root)
{
    /// <summary>The 64-bit seed for the component called <paramref name="name"/>: SplitMix64 of the root mixed with the
    /// FNV-1a hash of the name. Stable across processes, platforms and .NET versions.</summary>
    public ulong Derive(string name) => Mix(Root ^ Fnv1a(name));

    /// <summary>A non-negative 31-bit seed for APIs that take an <see cref="int"/> (e.g. <see cref="System.Random"/>).</summary>
    public int DeriveInt(string name) => (int)(Derive(name) & 0x7fff_ffff);

    /// <summary>A sequence rooted at the seed for <paramref name="name"/>, for a component with sub-components.</summary>
    public SeedSequence Child(string name) => new(Derive(name));

    /// <summary>SplitMix64's output function (Steele, Lea and Flood 2014): a bijective 64-bit mix.</summary>
    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong Fnv1a(string text)
    {
        var hash = 0xcbf29ce484222325UL;
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * 0x100000001b3UL;
            hash = (hash ^ (byte)(c >> 8)) * 0x100000001b3UL;
        }
        return hash;
    }
}
