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
}
