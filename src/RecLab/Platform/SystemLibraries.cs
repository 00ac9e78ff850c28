using System.Runtime.InteropServices;

namespace RecLab.Platform;

/// <summary>Finds the shared libraries that this process's dynamic loader resolves by name, and the symbol
/// versions they define.</summary>
public static class SystemLibraries
{
    /// <summary>
    /// Loads <paramref name="fileName"/> the way the loader would for a dependency (default search path) and
    /// returns the path it came from, read from <c>/proc/self/maps</c>; null where it does not load (or off Linux).
    /// </summary>
    public static string? Resolve(string fileName)
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad(fileName, out _)) return null;
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var slash = line.IndexOf('/');
            if (slash < 0) continue;
            var path = line[slash..];
            var name = System.IO.Path.GetFileName(path);
            if (name == fileName || name.StartsWith(fileName + ".", StringComparison.Ordinal)) return path;
        }
        return null;
    }

    /// <summary>The version names that the library resolved for <paramref name="fileName"/> defines, or null
    /// where it cannot be found or read.</summary>
    public static IReadOnlySet<string>? DefinitionsOf(string fileName)
    {
        var path = Resolve(fileName);
        if (path is null) return null;
        try { return ElfSymbolVersions.Read(path).Definitions; }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException) { return null; }
    }
}
