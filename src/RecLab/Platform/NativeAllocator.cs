using System.Runtime.InteropServices;

namespace RecLab.Platform;

/// <summary>
/// Keeps glibc's allocator from returning tensor-sized blocks to the kernel after every use, without letting it keep
/// everything. libtorch allocates each tensor above a few megabytes with <c>mmap</c> and frees it with <c>munmap</c>, so
/// every training step paid page faults and zeroing for fresh pages: measured on CORE-ave, half of the step time went to
/// the kernel. Blocks up to 32 MB (<c>M_MMAP_THRESHOLD</c>, glibc's largest; CORE scores logits in blocks of that size,
/// see <see cref="Training.Core.CoreTask.BlockFloats"/>) now come from the heap and are reused, and freed heap memory is
/// not trimmed (<c>M_TRIM_THRESHOLD</c>). Larger blocks are still mapped and returned on free.
/// </summary>
/// <remarks>
/// An earlier setting, <c>M_MMAP_MAX = 0</c> (no mapping at all), kept every large block too: with tensors of many sizes
/// the heap fragmented and grew without bound (CORE-ave on a course-sized log: 5.9 GB after the first batches, past
/// 9 GB a tenth into training, 17.1 GB in a whole run, against RecBole's 6.7 GB).
/// </remarks>
internal static partial class NativeAllocator
{
    private const int TrimThreshold = -1;
    private const int MmapThreshold = -3;

    /// <summary>The largest block served from the heap, 32 MB (glibc's maximum for <c>M_MMAP_THRESHOLD</c> on 64-bit).</summary>
    public const int HeapBlockBytes = 32 * 1024 * 1024;

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);

    /// <summary>Applies the settings on Linux with glibc; false where that is not possible (other systems, musl).</summary>
    public static bool Tune()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("RECLAB_KEEP_MALLOC") == "1") return false;
        try
        {
            return MallOpt(MmapThreshold, HeapBlockBytes) == 1 & MallOpt(TrimThreshold, int.MaxValue) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
