using RecLab.Platform;
using TorchSharp;

namespace RecLab.Training;

/// <summary>Chooses the device models train on, and seeds TorchSharp's generators.</summary>
public static class TorchDevices
{
    /// <summary>
    /// The device for <paramref name="preference"/>: <c>auto</c> (CUDA when available, else CPU), <c>cpu</c>,
    /// <c>cuda</c> or <c>cuda:N</c>. Loads the native backend first (see <see cref="TorchRuntime"/>).
    /// </summary>
    /// <exception cref="ArgumentException">Unknown preference, or CUDA asked for but not available (names why).</exception>
    public static torch.Device Select(string preference = "auto")
    {
        var status = TorchRuntime.EnsureAvailable();
        var p = preference.Trim().ToLowerInvariant();
        if (p is "auto") return status.CudaAvailable ? torch.CUDA : torch.CPU;
        if (p is "cpu") return torch.CPU;
        if (p == "cuda" || p.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!status.CudaAvailable)
                throw new ArgumentException(
                    $"device '{preference}' was asked for, but CUDA is not available to this host ({status.Backend ?? "no backend"}); " +
                    "use --device cpu, or build with -p:TorchBackend=TorchSharp-cuda-linux on a GPU machine.", nameof(preference));
            return torch.device(p);
        }
        throw new ArgumentException($"device '{preference}' is not one of auto, cpu, cuda, cuda:N.", nameof(preference));
    }

    /// <summary>Seeds the CPU generator and, where CUDA is present, every CUDA generator.</summary>
    public static void Seed(long seed)
    {
        var status = TorchRuntime.EnsureAvailable();
        torch.random.manual_seed(seed);
        if (status.CudaAvailable) torch.cuda.manual_seed_all(seed);
    }
}
