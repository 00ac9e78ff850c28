using System.Runtime.CompilerServices;

namespace RecLab;

/// <summary>
/// A small, fast, seedable random generator (xoshiro256**, Blackman and Vigna 2018) whose output is fixed by its seed
/// on every platform and .NET version, unlike <see cref="System.Random"/>'s unspecified algorithm. A mutable struct:
/// pass it by <c>ref</c>. Simulation hot paths use one per episode, seeded from (root seed, episode), so results do not
/// depend on thread scheduling.
/// </summary>
public struct Rng
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>A generator whose state is filled from <paramref name="seed"/> with SplitMix64, as the authors advise.</summary>
    public Rng(ulong seed)
    {
        _s0 = SeedSequence.Mix(seed);
        _s1 = SeedSequence.Mix(seed + 0x9E3779B97F4A7C15UL);
        _s2 = SeedSequence.Mix(seed + unchecked(2 * 0x9E3779B97F4A7C15UL));
        _s3 = SeedSequence.Mix(seed + unchecked(3 * 0x9E3779B97F4A7C15UL));
    }

    /// <summary>A generator for item <paramref name="index"/> of a stream rooted at <paramref name="seed"/> (e.g. one
    /// per episode): independent of how items are spread over threads.</summary>
    public static Rng For(ulong seed, long index) => new(SeedSequence.Mix(seed ^ SeedSequence.Mix((ulong)index)));

    /// <summary>The next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextULong()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform integer in [0, <paramref name="n"/>), without modulo bias (Lemire 2019).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "must be positive");
        var x = (uint)(NextULong() >> 32);
        var m = (ulong)x * (uint)n;
        var low = (uint)m;
        if (low < (uint)n)
        {
            var threshold = (uint)-n % (uint)n;
            while (low < threshold)
            {
                x = (uint)(NextULong() >> 32);
                m = (ulong)x * (uint)n;
                low = (uint)m;
            }
        }
        return (int)(m >> 32);
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>A standard normal draw (Box–Muller; one draw per call, so the stream stays simple to reproduce).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher–Yates).</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
