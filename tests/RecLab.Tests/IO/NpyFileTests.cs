using System.Text;
using RecLab.IO;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.IO;

public sealed class NpyFileTests
{
    [Fact]
    public void Round_trips_a_float32_matrix_with_a_64_byte_aligned_header()
    {
        using var dir = new TempDir();
        float[] data = [1.5f, -2f, 3.25f, 0f, 7f, 8f];

        NpyFile.WriteMatrix(dir.File("m.npy"), data, 2, 3);
        var (read, rows, columns) = NpyFile.ReadMatrix(dir.File("m.npy"));

        Assert.Equal((2, 3), (rows, columns));
        Assert.Equal(data, read);
        var bytes = File.ReadAllBytes(dir.File("m.npy"));
        Assert.Equal(0, (bytes.Length - data.Length * 4) % 64);
        Assert.Contains("'shape': (2, 3)", Encoding.Latin1.GetString(bytes));
    }

    [Fact]
    public void Reads_float64_written_by_numpy_version_2_headers_too()
    {
        using var dir = new TempDir();
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }".PadRight(117) + "\n";
        var file = new List<byte> { 0x93 };
        file.AddRange("NUMPY"u8.ToArray());
        file.AddRange([2, 0]);
        file.AddRange(BitConverter.GetBytes((uint)header.Length));
        file.AddRange(Encoding.Latin1.GetBytes(header));
        file.AddRange(BitConverter.GetBytes(0.5));
        file.AddRange(BitConverter.GetBytes(-4.0));
        File.WriteAllBytes(dir.File("f8.npy"), file.ToArray());

        var (data, rows, columns) = NpyFile.ReadMatrix(dir.File("f8.npy"));

        Assert.Equal((1, 2), (rows, columns));
        Assert.Equal([0.5f, -4f], data);
    }

    [Fact]
    public void Unsupported_or_truncated_files_name_the_problem()
    {
        using var dir = new TempDir();
        NpyFile.WriteMatrix(dir.File("ok.npy"), new float[20], 4, 5);
        var bytes = File.ReadAllBytes(dir.File("ok.npy"));
        File.WriteAllBytes(dir.File("cut.npy"), bytes[..^8]);
        File.WriteAllBytes(dir.File("fortran.npy"), Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(bytes).Replace("False", "True ")));
        File.WriteAllText(dir.File("text.npy"), "hello");

        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => NpyFile.ReadMatrix(dir.File("cut.npy"))).Message);
        Assert.Contains("Fortran-ordered", Assert.Throws<InvalidDataException>(() => NpyFile.ReadMatrix(dir.File("fortran.npy"))).Message);
        Assert.Contains("not a NumPy .npy file", Assert.Throws<InvalidDataException>(() => NpyFile.ReadMatrix(dir.File("text.npy"))).Message);
    }

    [Fact]
    public void Integer_arrays_round_trip_and_numpy_reads_what_is_written()
    {
        using var dir = new TempDir();
        long[] ids = [-1, 4, 9_000_000_000, 2, 0, 7];

        NpyFile.Write<long>(dir.File("ids.npy"), ids, 2, 3);
        NpyFile.Write<float>(dir.File("v.npy"), [0.5f, 1.5f, 2.5f], 3);
        var (read, shape) = NpyFile.ReadInt64(dir.File("ids.npy"));

        Assert.Equal(ids, read);
        Assert.Equal([2, 3], shape);
        using var numpy = PythonReference.Run(
            "import json, sys, numpy as np; p = json.load(sys.stdin); a, v = np.load(p['ids']), np.load(p['v']); " +
            "print(json.dumps({'ids': a.tolist(), 'dtype': str(a.dtype), 'v': v.tolist(), 'vshape': list(v.shape)}))",
            new { ids = dir.File("ids.npy"), v = dir.File("v.npy") });
        Assert.Equal("int64", numpy.RootElement.GetProperty("dtype").GetString());
        Assert.Equal(9_000_000_000, numpy.RootElement.GetProperty("ids")[0][2].GetInt64());
        Assert.Equal([3], numpy.RootElement.GetProperty("vshape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(2.5, numpy.RootElement.GetProperty("v")[2].GetDouble());
    }

    [Fact]
    public void Another_dtype_than_asked_for_is_named()
    {
        using var dir = new TempDir();
        NpyFile.Write<float>(dir.File("v.npy"), [1f], 1);

        var e = Assert.Throws<InvalidDataException>(() => NpyFile.ReadInt64(dir.File("v.npy")));

        Assert.Contains("dtype '<f4' is not supported (expected '<i8')", e.Message);
    }
}
