using RecLab.Platform;
using TorchSharp;

namespace RecLab.Training;

/// <summary>Chooses the device models train on, sets libtorch's CPU threads, and seeds TorchSharp's generators.</summary>
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
        ApplyCpuThreads();
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

    private static int _cpuThreads;

    /// <summary>
    /// Sets the number of threads libtorch's CPU kernels use (<c>torch.set_num_threads</c>), for every model trained or
    /// evaluated after the call, on any thread. One thread is what makes CPU training repeat exactly from process to
    /// process: on several threads an occasional process computes some forward values differently in the last bits
    /// (measured with <c>reclab train dssm --epochs 3</c> on one small-world log: 3 of 68 runs on 2 threads gave a
    /// second result, in the first epoch's loss and the validation losses; 0 of 54 on one thread; repeating the same
    /// steps within one process never differed), and a notebook's recall or A/B effect then moves in its last digits.
    /// The notebooks that train default to one thread for that reason; on the default study it costs nothing on 2
    /// cores (about 18,000 samples/s on one thread against 15,600–20,900 on two).
    /// </summary>
    /// <remarks>libtorch's OpenMP keeps a thread count per native thread, and a thread that already ran parallel
    /// kernels keeps its own; so the count is applied on the calling thread here, and again by training, evaluation and
    /// model serving on the thread they run on (<see cref="ApplyCpuThreads"/>).</remarks>
    /// <param name="threads">Threads, at least 1.</param>
    /// <returns>The number of threads the calling thread used before the call.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is below 1.</exception>
    public static int SetCpuThreads(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "CPU threads must be at least 1.");
        TorchRuntime.EnsureAvailable();
        var before = torch.get_num_threads();
        Volatile.Write(ref _cpuThreads, threads);
        torch.set_num_threads(threads);
        return before;
    }

    /// <summary>The count set by <see cref="SetCpuThreads"/>, or 0 when none was set (libtorch's default).</summary>
    public static int CpuThreads => Volatile.Read(ref _cpuThreads);

    /// <summary>Applies <see cref="CpuThreads"/> to the calling thread when one was set and the thread uses another
    /// count; does nothing otherwise. Called where training, evaluation and serving start.</summary>
    public static void ApplyCpuThreads()
    {
        var threads = CpuThreads;
        if (threads > 0 && torch.get_num_threads() != threads) torch.set_num_threads(threads);
    }
}
