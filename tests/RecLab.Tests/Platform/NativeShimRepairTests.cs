using RecLab.Platform;

namespace RecLab.Tests.Platform;

public sealed class NativeShimRepairTests(ShimFixture shim) : IClassFixture<ShimFixture>
{
    /// <summary>libstdc++ of Debian 12 / Ubuntu 22.04: every version the shim needs except GLIBCXX_3.4.32.</summary>
    private static Func<string, IReadOnlySet<string>?> OldSystem(string path) => library =>
        ElfSymbolVersions.Read(path).Needs.Where(n => n.Library == library && n.Version != "GLIBCXX_3.4.32").Select(n => n.Version).ToHashSet();

    [Fact]
    public void On_an_old_system_marks_only_GLIBCXX_3_4_32_weak_by_changing_one_bit()
    {
        var path = shim.FreshCopy();
        var before = File.ReadAllBytes(path);

        var result = NativeShimRepair.Repair(path, OldSystem(path));

        Assert.Equal(["GLIBCXX_3.4.32"], result.Weakened);
        Assert.True(result.Loadable);
        var after = File.ReadAllBytes(path);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
        var offset = Assert.Single(changed);
        Assert.Equal(ElfSymbolVersions.VerFlagWeak, after[offset] ^ before[offset]);
        Assert.Single(ElfSymbolVersions.Read(path).Needs, n => n.Weak);
    }

    [Fact]
    public void Repairing_twice_changes_nothing_the_second_time()
    {
        var path = shim.FreshCopy();
        NativeShimRepair.Repair(path, OldSystem(path));
        var once = File.ReadAllBytes(path);

        var second = NativeShimRepair.Repair(path, OldSystem(path));

        Assert.Empty(second.Weakened);
        Assert.Equal(["GLIBCXX_3.4.32"], second.AlreadyWeak);
        Assert.Equal(once, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_system_that_defines_every_needed_version_is_left_untouched()
    {
        var path = shim.FreshCopy();
        var before = File.ReadAllBytes(path);
        Func<string, IReadOnlySet<string>?> newSystem = library =>
            ElfSymbolVersions.Read(path).Needs.Where(n => n.Library == library).Select(n => n.Version).ToHashSet();

        var result = NativeShimRepair.Repair(path, newSystem);

        Assert.Empty(result.Weakened);
        Assert.Empty(result.AlreadyWeak);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_missing_version_that_relocations_need_is_reported_and_not_patched()
    {
        var path = shim.FreshCopy();
        var before = File.ReadAllBytes(path);
        Func<string, IReadOnlySet<string>?> tooOld = library =>
            ElfSymbolVersions.Read(path).Needs.Where(n => n.Library == library && n.Version is not ("GLIBCXX_3.4.30" or "GLIBCXX_3.4.32"))
                .Select(n => n.Version).ToHashSet();

        var result = NativeShimRepair.Repair(path, tooOld);

        Assert.False(result.Loadable);
        Assert.Contains(result.Unfixable, u => u.StartsWith("GLIBCXX_3.4.30 (needed by ", StringComparison.Ordinal));
        Assert.Equal(["GLIBCXX_3.4.32"], result.Weakened);
        Assert.Equal(before.Length, File.ReadAllBytes(path).Length);
    }

    [Fact]
    public void A_library_that_cannot_be_found_is_left_alone()
    {
        var path = shim.FreshCopy();

        var result = NativeShimRepair.Repair(path, _ => null);

        Assert.Empty(result.Weakened);
        Assert.True(result.Loadable);
    }
}
