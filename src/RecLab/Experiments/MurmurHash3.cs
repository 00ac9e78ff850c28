using System.Buffers.Binary;
using System.Text;

namespace RecLab.Experiments;

/// <summary>
/// MurmurHash3 x86_32 (Austin Appleby, public domain), the hash the course's service uses (Python <c>mmh3.hash</c>) to
/// put users into experiment arms. Written out here (thirty lines) so that assignment needs no native library and is
/// identical in every process and replica.
/// </summary>
public static class MurmurHash3
{
    /// <summary>The 32-bit hash of <paramref name="data"/> with <paramref name="seed"/>, as an unsigned value.</summary>
    public static uint Hash32(ReadOnlySpan<byte> data, uint seed = 0)
    {
        const uint c1 = 0xcc9e2d51, c2 = 0x1b873593;
        var h = seed;
        var blocks = data.Length / 4;
        for (var i = 0; i < blocks; i++)
        {
            var k = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(i * 4, 4));
            k *= c1;
            k = uint.RotateLeft(k, 15);
            k *= c2;
            h ^= k;
            h = uint.RotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
        }
        var tail = data[(blocks * 4)..];
        uint k1 = 0;
        switch (tail.Length)
        {
            case 3: k1 ^= (uint)tail[2] << 16; goto case 2;
            case 2: k1 ^= (uint)tail[1] << 8; goto case 1;
            case 1:
                k1 ^= tail[0];
                k1 *= c1;
                k1 = uint.RotateLeft(k1, 15);
                k1 *= c2;
                h ^= k1;
                break;
        }
        h ^= (uint)data.Length;
        h ^= h >> 16;
        h *= 0x85ebca6b;
        h ^= h >> 13;
        h *= 0xc2b2ae35;
        h ^= h >> 16;
        return h;
    }

    /// <summary>The hash of <paramref name="text"/>'s UTF-8 bytes (what <c>mmh3.hash(text, seed)</c> hashes).</summary>
    public static uint Hash32(string text, uint seed = 0)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(text) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(text, buffer)] : Encoding.UTF8.GetBytes(text);
        return Hash32(bytes, seed);
    }
}
