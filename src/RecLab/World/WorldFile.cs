using System.Runtime.InteropServices;
using System.Text;
using RecLab.IO;

namespace RecLab.World;

/// <summary>
/// RecLab's own world format: one little-endian binary file that loads in a few tens of milliseconds (arrays are
/// read straight into memory) and carries a checksum, so a truncated or damaged file is refused rather than read
/// wrong. Layout in data/README.md ("World files").
/// </summary>
public static class WorldFile
{
    /// <summary>The file name inside a world folder.</summary>
    public const string FileName = "world.bin";

    private static readonly byte[] Magic = "RECLABW1"u8.ToArray();
    private const int Version = 1;

    /// <summary>Writes <paramref name="world"/> to <paramref name="path"/> (a folder gets <see cref="FileName"/>), atomically.</summary>
    /// <returns>The file written.</returns>
    public static string Save(MusicWorld world, string path)
    {
        var file = Directory.Exists(path) || !Path.HasExtension(path) ? Path.Combine(path, FileName) : path;
        AtomicFile.Write(file, stream =>
        {
            using var hashing = new HashingStream(stream);
            using var w = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true);
            w.Write(Magic);
            w.Write(Version);
            w.Write(world.Dimensions);
            w.Write(world.TrackCount);
            w.Write(world.ArtistCount);
            w.Write(world.Genres.Count);
            w.Write(world.UserCount);
            w.Write(MemoryMarshal.AsBytes(world.EmbeddingArray.AsSpan()));
            w.Write(MemoryMarshal.AsBytes(world.TrackArtistArray.AsSpan()));
            w.Write(MemoryMarshal.AsBytes(world.TrackGenreArray.AsSpan()));
            w.Write(MemoryMarshal.AsBytes(world.TrackPopularityArray.AsSpan()));
            foreach (var s in world.TrackTitleArray) w.Write(s);
            foreach (var s in world.ArtistNameArray) w.Write(s);
            foreach (var s in world.GenreArray) w.Write(s);
            foreach (var u in world.UserArray)
            {
                w.Write(u.Interests.Length);
                foreach (var i in u.Interests) w.Write(i);
                w.Write(u.ConsumeBias);
                w.Write(u.ConsumeSharpness);
                w.Write(u.SessionBudget);
                w.Write(u.ArtistDiscountGamma);
                w.Write(u.InterestNeighbours);
            }
            w.Flush();
            var checksum = hashing.Hash;
            w.Write(checksum);
        });
        return file;
    }

    /// <summary>Loads a world from a file or a folder holding <see cref="FileName"/>.</summary>
    /// <exception cref="InvalidDataException">Not a RecLab world, another version, truncated, or damaged; the message
    /// names the file.</exception>
    public static MusicWorld Load(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, FileName) : path;
        if (!File.Exists(file)) throw new FileNotFoundException($"no RecLab world at {path} (expected {file}).", file);
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            using var hashing = new HashingStream(stream);
            using var r = new BinaryReader(hashing, Encoding.UTF8, leaveOpen: true);
            if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic)) throw new InvalidDataException("not a RecLab world file");
            var version = r.ReadInt32();
            if (version != Version) throw new InvalidDataException($"world format version {version}; this RecLab reads version {Version}");
            var (d, tracks, artists, genres, users) = (r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32());
            if (d <= 0 || tracks < 0 || artists < 0 || genres < 0 || users < 0 || (long)tracks * d > Array.MaxLength)
                throw new InvalidDataException($"implausible sizes (dimensions {d}, tracks {tracks}, artists {artists}, genres {genres}, users {users})");
            var embeddings = ReadArray<float>(r, tracks * d);
            var trackArtist = ReadArray<int>(r, tracks);
            var trackGenre = ReadArray<int>(r, tracks);
            var popularity = ReadArray<long>(r, tracks);
            var titles = ReadStrings(r, tracks);
            var artistNames = ReadStrings(r, artists);
            var genreNames = ReadStrings(r, genres);
            var profiles = new UserProfile[users];
            for (var u = 0; u < users; u++)
            {
                var interests = ReadArray<int>(r, r.ReadInt32());
                profiles[u] = new UserProfile(u, interests, r.ReadDouble(), r.ReadDouble(), r.ReadInt32(), r.ReadDouble(), r.ReadInt32());
            }
            var expected = hashing.Hash;
            if (r.ReadUInt64() != expected) throw new InvalidDataException("checksum mismatch: the file is damaged");
            if (stream.Position != stream.Length) throw new InvalidDataException("unexpected data after the checksum");
            return new MusicWorld(d, embeddings, trackArtist, trackGenre, popularity, titles, artistNames, genreNames, profiles);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{file}: truncated RecLab world file.");
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            throw new InvalidDataException($"{file}: {e.Message}.", e);
        }
    }

    private static T[] ReadArray<T>(BinaryReader r, int count) where T : unmanaged
    {
        if (count < 0) throw new InvalidDataException($"negative array length {count}");
        var array = new T[count];
        r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(array.AsSpan()));
        return array;
    }

    private static string[] ReadStrings(BinaryReader r, int count)
    {
        var strings = new string[count];
        for (var i = 0; i < count; i++) strings[i] = r.ReadString();
        return strings;
    }

    /// <summary>Passes bytes through while hashing them: 64-bit FNV-1a over little-endian 8-byte words of the whole
    /// byte stream (a partial word is carried between calls, so the hash does not depend on how I/O is chunked).</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        private ulong _hash = 0xcbf29ce484222325UL;
        private ulong _pending;
        private int _pendingBytes;

        public ulong Hash
        {
            get
            {
                var h = _hash;
                if (_pendingBytes > 0) h = (h ^ _pending ^ ((ulong)_pendingBytes << 56)) * 0x100000001b3UL;
                return SeedSequence.Mix(h);
            }
        }

        public override bool CanRead => inner.CanRead;
        public override bool CanSeek => false;
        public override bool CanWrite => inner.CanWrite;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            Update(buffer[..read]);
            return read;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Update(buffer);
            inner.Write(buffer);
        }

        private void Update(ReadOnlySpan<byte> bytes)
        {
            while (_pendingBytes > 0 && bytes.Length > 0)
            {
                _pending |= (ulong)bytes[0] << (8 * _pendingBytes);
                bytes = bytes[1..];
                if (++_pendingBytes == 8) Mix();
            }
            var words = MemoryMarshal.Cast<byte, ulong>(bytes[..(bytes.Length & ~7)]);
            foreach (var word in words) _hash = (_hash ^ word) * 0x100000001b3UL;
            foreach (var b in bytes[(words.Length * 8)..])
            {
                _pending |= (ulong)b << (8 * _pendingBytes);
                if (++_pendingBytes == 8) Mix();
            }
        }

        private void Mix()
        {
            _hash = (_hash ^ _pending) * 0x100000001b3UL;
            _pending = 0;
            _pendingBytes = 0;
        }
    }
}
