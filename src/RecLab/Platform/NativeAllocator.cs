using System.Runtime.InteropServices;

namespace RecLab.Platform;

/// <summary>
/// Keeps glibc's allocator from returning large blocks to the kernel after every use. libtorch allocates each tensor
/// above a few megabytes (a batch of logits over all items is tens of megabytes) with <c>mmap</c> and frees it with
/// <c>munmap</c>, so every training step pays page faults and zeroing for fresh pages: measured on CORE-ave, half of the
/// step time went to the kernel (sys time as large as user time). With <c>M_MMAP_MAX = 0</c> and a high trim threshold
/// (what <c>MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=...</c> would set at start) freed blocks are reused; training ran
/// 1.9× faster. The cost: memory freed by the process is kept for reuse rather than given back to the system.
/// </summary>
internal static partial class NativeAllocator
{
    private const int TrimThreshold = -1;
    private const int MmapMax = -4;

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);

    /// <summary>Applies the settings on Linux with glibc; false where that is not possible (other systems, musl).</summary>
    public static bool Tune()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("RECLAB_KEEP_MALLOC") == "1") return false;
        try
        {
            return MallOpt(MmapMax, 0) == 1 & MallOpt(TrimThreshold, int.MaxValue) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
