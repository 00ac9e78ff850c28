using System.Runtime.CompilerServices;
using RecLab.Training;

namespace RecLab.Tests.TestSupport;

/// <summary>Configures libtorch's CPU threads to 1 when the test assembly loads, as every notebook's start does, so
/// that no test sees the count change under it when a notebook run in a parallel collection starts (same-seed tests
/// train twice in one process and compare bit for bit).</summary>
public static class TorchThreads
{
    /// <summary>Sets the count; a machine where TorchSharp does not load fails in the tests that need it instead.</summary>
    [ModuleInitializer]
    public static void Configure()
    {
        try
        {
            TorchDevices.SetCpuThreads(1);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"TorchThreads: libtorch's CPU threads not configured ({e.Message})");
        }
    }
}
