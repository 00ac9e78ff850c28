using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace RecLab.IO;

/// <summary>
/// Reads 2-D float arrays in NumPy's <c>.npy</c> format (versions 1.0–3.0, C order, little-endian <c>&lt;f4</c> or
/// <c>&lt;f8</c>), the format of the course's <c>tracks.npy</c>, and writes float and integer arrays of any shape. Hand-written (the format is a short
/// header and raw data) because no .npy reader is available on the package source this kit builds from.
/// </summary>
public static partial class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads a 2-D float array; <c>&lt;f8</c> data is narrowed to float32.</summary>
    /// <exception cref="InvalidDataException">Not .npy, not 2-D, Fortran order, an unsupported dtype, or truncated data;
    /// the message names the file and the problem.</exception>
    public static (float[] Data, int Rows, int Columns) ReadMatrix(string path)
    {
        using var stream = File.OpenRead(path);
        var (descr, dims) = ReadHeader(stream, path);
        if (dims.Length != 2) throw new InvalidDataException($"{path}: expected a 2-D array, found shape ({string.Join(", ", dims)}).");
        var (rows, columns) = (dims[0], dims[1]);
        var count = checked(rows * columns);
        var data = new float[count];
        switch (descr)
        {
            case "<f4":
                ReadPayload(stream, MemoryMarshal.AsBytes(data.AsSpan()), path, dims);
                break;
            case "<f8":
                var wide = new double[count];
                ReadPayload(stream, MemoryMarshal.AsBytes(wide.AsSpan()), path, dims);
                for (var i = 0; i < count; i++) data[i] = (float)wide[i];
                break;
            default:
                throw new InvalidDataException($"{path}: dtype '{descr}' is not supported (expected '<f4' or '<f8').");
        }
        return (data, rows, columns);
    }

    /// <summary>Reads an array of int64 (<c>&lt;i8</c>) of any shape, e.g. an id map.</summary>
    /// <exception cref="InvalidDataException">Not .npy, another dtype, or truncated data; the message names the file.</exception>
    public static (long[] Data, int[] Shape) ReadInt64(string path)
    {
        using var stream = File.OpenRead(path);
        var (descr, dims) = ReadHeader(stream, path);
        if (descr != "<i8") throw new InvalidDataException($"{path}: dtype '{descr}' is not supported (expected '<i8').");
        var data = new long[dims.Aggregate(1, (a, d) => checked(a * d))];
        ReadPayload(stream, MemoryMarshal.AsBytes(data.AsSpan()), path, dims);
        return (data, dims);
    }

    private static (string Descr, int[] Shape) ReadHeader(Stream stream, string path)
    {
        Span<byte> prefix = stackalloc byte[10];
        if (stream.Read(prefix) != 10 || !prefix[..6].SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not a NumPy .npy file (magic bytes missing).");
        int major = prefix[6];
        int headerLength;
        if (major == 1) headerLength = prefix[8] | prefix[9] << 8;
        else if (major is 2 or 3)
        {
            Span<byte> more = stackalloc byte[2];
            stream.ReadExactly(more);
            headerLength = prefix[8] | prefix[9] << 8 | more[0] << 16 | more[1] << 24;
        }
        else throw new InvalidDataException($"{path}: .npy format version {major} is not supported (1, 2 or 3).");
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        var descr = Descr().Match(header);
        var fortran = Fortran().Match(header);
        var shape = Shape().Match(header);
        if (!descr.Success || !fortran.Success || !shape.Success)
            throw new InvalidDataException($"{path}: unreadable .npy header '{header.Trim()}'.");
        if (fortran.Groups[1].Value == "True") throw new InvalidDataException($"{path}: Fortran-ordered arrays are not supported; save with C order.");
        var dims = shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => checked((int)long.Parse(d, CultureInfo.InvariantCulture))).ToArray();
        return (descr.Groups[1].Value, dims);
    }

    private static void ReadPayload(Stream stream, Span<byte> target, string path, int[] dims)
    {
        try
        {
            stream.ReadExactly(target);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{path}: truncated: the header promises {string.Join(" × ", dims)} values.");
        }
    }

    /// <summary>Writes a 2-D float32 array (version 1.0, C order), atomically.</summary>
    public static void WriteMatrix(string path, ReadOnlySpan<float> data, int rows, int columns) => Write(path, data, rows, columns);

    /// <summary>Writes an array of any shape (version 1.0, C order, little-endian), atomically: float32, float64, int32
    /// or int64 elements.</summary>
    /// <exception cref="ArgumentException">The shape does not match the data, or the element type is not one of those.</exception>
    public static void Write<T>(string path, ReadOnlySpan<T> data, params int[] shape) where T : unmanaged
    {
        var descr = typeof(T) == typeof(float) ? "<f4" : typeof(T) == typeof(double) ? "<f8" : typeof(T) == typeof(int) ? "<i4"
            : typeof(T) == typeof(long) ? "<i8" : throw new ArgumentException($"element type {typeof(T).Name} is not supported (float, double, int, long).");
        if (data.Length != shape.Aggregate(1L, (a, d) => a * d))
            throw new ArgumentException($"data has {data.Length} values, expected {string.Join(" × ", shape)}.", nameof(data));
        var dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({dims}), }}";
        var total = Magic.Length + 4 + dict.Length + 1;
        var padded = dict + new string(' ', (64 - total % 64) % 64) + "\n";
        var payload = MemoryMarshal.AsBytes(data);
        var bytes = new byte[Magic.Length + 4 + padded.Length + payload.Length];
        Magic.CopyTo(bytes, 0);
        bytes[6] = 1;
        bytes[8] = (byte)(padded.Length & 0xff);
        bytes[9] = (byte)(padded.Length >> 8);
        Encoding.Latin1.GetBytes(padded, bytes.AsSpan(10));
        payload.CopyTo(bytes.AsSpan(10 + padded.Length));
        AtomicFile.WriteAllBytes(path, bytes);
    }

    [GeneratedRegex("'descr'\\s*:\\s*'([^']*)'")]
    private static partial Regex Descr();

    [GeneratedRegex("'fortran_order'\\s*:\\s*(True|False)")]
    private static partial Regex Fortran();

    [GeneratedRegex("'shape'\\s*:\\s*\\(([^)]*)\\)")]
    private static partial Regex Shape();
}
