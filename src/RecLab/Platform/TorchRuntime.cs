using System.Runtime.InteropServices;
using TorchSharp;

namespace RecLab.Platform;

/// <summary>
/// Brings up TorchSharp's native backend once per process: repairs the native shim where this machine needs it
/// (see <see cref="NativeShimRepair"/>), loads the backend, and records what it found for <c>reclab doctor</c>.
/// </summary>
/// <remarks>
/// Every RecLab entry point that touches TorchSharp calls <see cref="EnsureLoaded"/> first, so notebooks, the CLI and
/// tests work on a fresh Debian 12 / Ubuntu 22.04 machine with no step by hand. It must run before anything else in
/// the process uses TorchSharp: the loader reads the shim only once.
/// </remarks>
public static class TorchRuntime
{
    private const string ShimFile = "libLibTorchSharp.so";
    private static readonly Lazy<TorchStatus> Status = new(Initialize, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Repairs (where needed) and loads the backend on the first call; later calls return the same status.</summary>
    public static TorchStatus EnsureLoaded() => Status.Value;

    /// <summary>Like <see cref="EnsureLoaded"/>, but throws with the reason and what to do when the backend is unavailable.</summary>
    /// <exception cref="InvalidOperationException">TorchSharp's native backend did not load.</exception>
    public static TorchStatus EnsureAvailable()
    {
        var status = EnsureLoaded();
        return status.Loaded ? status : throw new InvalidOperationException(status.Error);
    }

    /// <summary>The managed TorchSharp version, e.g. <c>0.107.0</c>.</summary>
    public static string TorchSharpVersion
    {
        get
        {
            var v = typeof(torch).Assembly.GetName().Version ?? new Version(0, 0, 0);
            return $"{v.Major}.{v.Minor}.{v.Build}";
        }
    }

    /// <summary>
    /// Every copy of the native shim this process may load: beside the TorchSharp assembly and the application
    /// (build outputs, including TorchSharp's own consolidated <c>cpu/</c> or <c>cuda-*</c> folders), and in the NuGet
    /// package folder that notebook hosts load from.
    /// </summary>
    public static IReadOnlyList<string> ShimCandidates()
    {
        var roots = new List<string> { AppContext.BaseDirectory };
        var torchDir = System.IO.Path.GetDirectoryName(typeof(torch).Assembly.Location);
        if (!string.IsNullOrEmpty(torchDir)) roots.Add(torchDir);
        var found = new List<string>();
        foreach (var root in roots.Distinct())
        {
            found.Add(System.IO.Path.Combine(root, ShimFile));
            found.Add(System.IO.Path.Combine(root, "runtimes", "linux-x64", "native", ShimFile));
            if (Directory.Exists(root))
                found.AddRange(Directory.EnumerateDirectories(root).Select(d => System.IO.Path.Combine(d, ShimFile)));
        }
        found.Add(System.IO.Path.Combine(NuGetPackagesFolder(), "torchsharp", TorchSharpVersion, "runtimes", "linux-x64", "native", ShimFile));
        return found.Where(File.Exists).Select(System.IO.Path.GetFullPath).Distinct().ToList();
    }

    /// <summary>The NuGet global packages folder: <c>NUGET_PACKAGES</c> if set, else <c>~/.nuget/packages</c>.</summary>
    public static string NuGetPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static TorchStatus Initialize()
    {
        var repairs = new List<string>();
        var problems = new List<string>();
        if (NativeAllocator.Tune()) repairs.Add("glibc malloc: blocks up to 32 MB kept for reuse (M_MMAP_THRESHOLD), so tensor allocations do not fault fresh pages every step");
        if (OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64)
        {
            foreach (var shim in ShimCandidates())
            {
                try
                {
                    var result = NativeShimRepair.Repair(shim, SystemLibraries.DefinitionsOf);
                    if (result.Weakened.Count > 0)
                        repairs.Add($"{shim}: marked {string.Join(", ", result.Weakened)} weak now (unused by relocations; missing from this system's libraries)");
                    if (result.AlreadyWeak.Count > 0)
                        repairs.Add($"{shim}: {string.Join(", ", result.AlreadyWeak)} already marked weak by an earlier run");
                    if (!result.Loadable)
                        problems.Add($"{shim} needs versions this system lacks: {string.Join("; ", result.Unfixable)}");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
                {
                    problems.Add(e.Message);
                }
            }
        }
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            using var probe = torch.ones(2, 2).sum();
            _ = probe.item<float>();
            var cuda = torch.cuda.is_available();
            return new TorchStatus(true, TorchSharpVersion, torch.__version__, LoadedBackend(), repairs, cuda,
                cuda ? torch.cuda.device_count() : 0, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var reason = problems.Count > 0 ? string.Join(" ", problems) : LoaderMessage() ?? FirstLine(e.Message);
            var error = $"TorchSharp's native backend did not load: {reason} " +
                        $"Check that the host references TorchSharp-cpu {TorchSharpVersion} (or TorchSharp-cuda-linux on a GPU machine), " +
                        "and run `reclab doctor` for details.";
            return new TorchStatus(false, TorchSharpVersion, null, null, repairs, false, 0, error);
        }
    }

    /// <summary>The dynamic loader's own message for the shim beside the application, which names the real cause
    /// (TorchSharp's exception names a missing package even when a symbol version is what failed).</summary>
    private static string? LoaderMessage()
    {
        foreach (var shim in ShimCandidates().Where(p => p.StartsWith(AppContext.BaseDirectory, StringComparison.Ordinal)))
        {
            try { NativeLibrary.Free(NativeLibrary.Load(shim)); }
            catch (DllNotFoundException e) { return FirstLine(e.Message); }
        }
        return null;
    }

    private static string? LoadedBackend()
    {
        if (!OperatingSystem.IsLinux()) return null;
        var maps = File.ReadAllText("/proc/self/maps");
        return maps.Contains("libtorch_cuda.so", StringComparison.Ordinal) ? "TorchSharp-cuda-linux"
            : maps.Contains("libtorch_cpu.so", StringComparison.Ordinal) ? "TorchSharp-cpu"
            : null;
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
