using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace RecLab.IO;

/// <summary>
/// Reads and writes 2-D float arrays in NumPy's <c>.npy</c> format (versions 1.0–3.0, C order, little-endian
/// <c>&lt;f4</c> or <c>&lt;f8</c>), the format of the course's <c>tracks.npy</c>. Hand-written (the format is a short
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
            .Select(d => long.Parse(d, CultureInfo.InvariantCulture)).ToArray();
        if (dims.Length != 2) throw new InvalidDataException($"{path}: expected a 2-D array, found shape ({shape.Groups[1].Value}).");
        var (rows, columns) = (checked((int)dims[0]), checked((int)dims[1]));
        var count = checked(rows * columns);
        var data = new float[count];
        try
        {
            switch (descr.Groups[1].Value)
            {
                case "<f4":
                    stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
                    break;
                case "<f8":
                    var wide = new double[count];
                    stream.ReadExactly(MemoryMarshal.AsBytes(wide.AsSpan()));
                    for (var i = 0; i < count; i++) data[i] = (float)wide[i];
                    break;
                default:
                    throw new InvalidDataException($"{path}: dtype '{descr.Groups[1].Value}' is not supported (expected '<f4' or '<f8').");
            }
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{path}: truncated: the header promises {rows} × {columns} values.");
        }
        return (data, rows, columns);
    }

    /// <summary>Writes a 2-D float32 array (version 1.0, C order), atomically.</summary>
    public static void WriteMatrix(string path, ReadOnlySpan<float> data, int rows, int columns)
    {
        if (data.Length != (long)rows * columns) throw new ArgumentException($"data has {data.Length} values, expected {rows} × {columns}.", nameof(data));
        var dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows}, {columns}), }}";
        var total = Magic.Length + 4 + dict.Length + 1;
        var padded = dict + new string(' ', (64 - total % 64) % 64) + "\n";
        var bytes = new byte[Magic.Length + 4 + padded.Length + data.Length * 4];
        Magic.CopyTo(bytes, 0);
        bytes[6] = 1;
        bytes[8] = (byte)(padded.Length & 0xff);
        bytes[9] = (byte)(padded.Length >> 8);
        Encoding.Latin1.GetBytes(padded, bytes.AsSpan(10));
        MemoryMarshal.AsBytes(data).CopyTo(bytes.AsSpan(10 + padded.Length));
        AtomicFile.WriteAllBytes(path, bytes);
    }

    [GeneratedRegex("'descr'\\s*:\\s*'([^']*)'")]
    private static partial Regex Descr();

    [GeneratedRegex("'fortran_order'\\s*:\\s*(True|False)")]
    private static partial Regex Fortran();

    [GeneratedRegex("'shape'\\s*:\\s*\\(([^)]*)\\)")]
    private static partial Regex Shape();
}
