using RecLab.Platform;

namespace RecLab.Tests.Platform;

public sealed class ElfSymbolVersionsTests(ShimFixture shim) : IClassFixture<ShimFixture>
{
    [Fact]
    public void Reads_the_version_needs_that_readelf_shows_for_the_shipped_shim()
    {
        var elf = ElfSymbolVersions.Read(shim.ShippedPath);

        var libstdcxx = elf.Needs.Where(n => n.Library == "libstdc++.so.6").Select(n => n.Version).ToList();
        // `readelf -V libLibTorchSharp.so` lists 20 libstdc++ versions, GLIBCXX_3.4.32 and 3.4.30 among them.
        Assert.Equal(20, libstdcxx.Count);
        Assert.Contains("GLIBCXX_3.4.32", libstdcxx);
        Assert.Contains("GLIBCXX_3.4.30", libstdcxx);
        Assert.Contains(elf.Needs, n => n is { Library: "libc.so.6", Version: "GLIBC_2.34" });
        Assert.All(elf.Needs, n => Assert.False(n.Weak));
    }

    [Fact]
    public void No_relocation_binds_to_GLIBCXX_3_4_32_but_many_bind_to_GLIBCXX_3_4_30()
    {
        var elf = ElfSymbolVersions.Read(shim.ShippedPath);
        var v32 = elf.Needs.Single(n => n.Version == "GLIBCXX_3.4.32");
        var v30 = elf.Needs.Single(n => n.Version == "GLIBCXX_3.4.30");

        Assert.Empty(elf.RelocatedSymbolsOfVersion(v32.Index));
        Assert.NotEmpty(elf.RelocatedSymbolsOfVersion(v30.Index));
    }

    [Fact]
    public void Reads_the_versions_a_library_defines()
    {
        var libstdcxx = SystemLibraries.Resolve("libstdc++.so.6");
        Assert.NotNull(libstdcxx);

        var defined = ElfSymbolVersions.Read(libstdcxx).Definitions;

        Assert.Contains("GLIBCXX_3.4", defined);
        Assert.Contains("CXXABI_1.3", defined);
    }

    [Fact]
    public void A_file_that_is_not_ELF_is_refused_with_its_name()
    {
        using var dir = new TestSupport.TempDir();
        var path = dir.File("not-elf.so");
        File.WriteAllText(path, "hello, this is text and long enough to pass the size check of sixty-four bytes....");

        var error = Assert.Throws<InvalidDataException>(() => ElfSymbolVersions.Read(path));
        Assert.Contains("not-elf.so", error.Message);
    }

    [Fact]
    public void A_truncated_file_is_refused_with_its_name()
    {
        using var dir = new TestSupport.TempDir();
        var path = dir.File("truncated.so");
        File.WriteAllBytes(path, File.ReadAllBytes(shim.ShippedPath)[..4096]);

        var error = Assert.Throws<InvalidDataException>(() => ElfSymbolVersions.Read(path));
        Assert.Contains("truncated.so", error.Message);
    }
}
