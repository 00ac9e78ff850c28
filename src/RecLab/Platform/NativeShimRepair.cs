namespace RecLab.Platform;

/// <summary>What <see cref="NativeShimRepair.Repair"/> found and did for one file.</summary>
/// <param name="Path">The shared object examined.</param>
/// <param name="Weakened">Versions that were missing on this system, never relocated against, and are now
/// marked weak in the file (empty when nothing had to change).</param>
/// <param name="AlreadyWeak">Missing versions that an earlier run had already marked weak.</param>
/// <param name="Unfixable">Missing versions that some relocation needs: the library cannot load here, and
/// marking them weak would only move the failure to the first call (each with the symbols that need it).</param>
public sealed record ShimRepairResult(
    string Path,
    IReadOnlyList<string> Weakened,
    IReadOnlyList<string> AlreadyWeak,
    IReadOnlyList<string> Unfixable)
{
    /// <summary>True when nothing stops the loader from accepting the file.</summary>
    public bool Loadable => Unfixable.Count == 0;
}

/// <summary>
/// Makes a prebuilt native library loadable on a system whose libraries are older than the build machine's,
/// where that is provably safe.
/// </summary>
/// <remarks>
/// TorchSharp 0.107.0's <c>libLibTorchSharp.so</c> was linked with GCC 13 and records a need for
/// <c>GLIBCXX_3.4.32</c>; Debian 12 and Ubuntu 22.04 ship libstdc++ up to <c>GLIBCXX_3.4.30</c>, so the dynamic
/// loader refuses the file. The only symbol of that version is <c>std::ios_base_library_init()</c>, which no
/// relocation references. Setting <c>VER_FLG_WEAK</c> on such a version-need entry tells the loader to tolerate its
/// absence. This type applies that edit generally but only under the condition that makes it safe: the version is
/// absent from the library that provides it on this machine, and no relocation binds any symbol to it. Systems
/// whose libraries already define every needed version are left untouched. The edit is two bytes written in place,
/// so it is idempotent and atomic.
/// </remarks>
public static class NativeShimRepair
{
    /// <summary>
    /// Examines <paramref name="path"/> and marks weak every needed version that is both missing here and unused by
    /// relocations.
    /// </summary>
    /// <param name="path">The shared object to examine and, if needed, patch in place.</param>
    /// <param name="definitionsOf">Gives the version names that the library called by its file name (e.g.
    /// <c>libstdc++.so.6</c>) defines on this machine, or null where it cannot be found; then that library's needs
    /// are left alone.</param>
    /// <exception cref="UnauthorizedAccessException">The file needs the edit but is not writable; the message says
    /// which file and how to fix it.</exception>
    public static ShimRepairResult Repair(string path, Func<string, IReadOnlySet<string>?> definitionsOf)
    {
        var elf = ElfSymbolVersions.Read(path);
        var weakened = new List<string>();
        var alreadyWeak = new List<string>();
        var unfixable = new List<string>();
        var toPatch = new List<ElfVersionNeed>();
        foreach (var group in elf.Needs.GroupBy(n => n.Library))
        {
            var provided = definitionsOf(group.Key);
            if (provided is null) continue;
            foreach (var need in group.Where(n => !provided.Contains(n.Version)))
            {
                if (need.Weak) { alreadyWeak.Add(need.Version); continue; }
                var users = elf.RelocatedSymbolsOfVersion(need.Index);
                if (users.Count > 0) unfixable.Add($"{need.Version} (needed by {string.Join(", ", users.Take(3))})");
                else toPatch.Add(need);
            }
        }
        if (toPatch.Count > 0)
        {
            try
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
                Span<byte> flags = stackalloc byte[2];
                foreach (var need in toPatch)
                {
                    file.Position = need.FlagsOffset;
                    file.ReadExactly(flags);
                    flags[0] |= (byte)ElfSymbolVersions.VerFlagWeak;
                    file.Position = need.FlagsOffset;
                    file.Write(flags);
                    weakened.Add(need.Version);
                }
                file.Flush(flushToDisk: true);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new UnauthorizedAccessException(
                    $"{path} needs {string.Join(", ", toPatch.Select(n => n.Version))} marked weak to load on this system, " +
                    "but the file is not writable. Run `reclab doctor` once as the owner of that folder, or point " +
                    "NUGET_PACKAGES at a writable folder and restore again.", e);
            }
        }
        return new ShimRepairResult(path, weakened, alreadyWeak, unfixable);
    }
}
