using System.Diagnostics;
using System.Globalization;

namespace RecLab.Cli;

/// <summary>
/// This process's resident memory, for figures of peak memory per stage: the current and peak resident set (Linux
/// <c>VmRSS</c>, <c>VmHWM</c>), and a reset of the peak (<c>/proc/self/clear_refs</c>, value 5), so that a stage's peak
/// is measured apart from what loading its data took. Elsewhere the .NET process counters are used and the reset is a
/// no-op.
/// </summary>
public static class ProcessMemory
{
    /// <summary>Resident memory now, in bytes.</summary>
    public static long Resident() => Status("VmRSS:") ?? Process.GetCurrentProcess().WorkingSet64;

    /// <summary>The highest resident memory since start or since the last <see cref="ResetPeak"/>, in bytes.</summary>
    public static long Peak() => Status("VmHWM:") ?? Process.GetCurrentProcess().PeakWorkingSet64;

    /// <summary>Starts a new peak at the current resident memory; false where the system cannot.</summary>
    public static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long? Status(string field)
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            if (line is null) return null;
            var kb = line[field.Length..].Trim().Split(' ')[0];
            return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
