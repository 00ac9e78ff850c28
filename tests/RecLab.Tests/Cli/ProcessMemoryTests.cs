using System.Runtime.InteropServices;
using RecLab.Cli;

namespace RecLab.Tests.Cli;

public sealed class ProcessMemoryTests
{
    [Fact]
    public void The_peak_rises_by_a_touched_allocation_and_a_reset_starts_it_again_at_the_resident_size()
    {
        if (!OperatingSystem.IsLinux()) return;
        Assert.True(ProcessMemory.ResetPeak());
        var before = ProcessMemory.Peak();
        const int bytes = 256 << 20;
        var block = Marshal.AllocHGlobal(bytes);
        try
        {
            for (var i = 0; i < bytes; i += 4096) Marshal.WriteByte(block, i, 1);
            // Every page of the 256 MB block was written, so it is resident.
            Assert.True(ProcessMemory.Peak() - before >= bytes * 0.95, $"peak rose by {(ProcessMemory.Peak() - before) / 1e6:F0} MB");
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
        Assert.True(ProcessMemory.ResetPeak());
        Assert.True(ProcessMemory.Peak() < before + bytes / 2, "the reset peak still counts the freed block");
    }
}
