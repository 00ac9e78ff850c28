namespace RecLab.Platform;

/// <summary>The state of the TorchSharp native backend in this process, as <see cref="TorchRuntime"/> found it.</summary>
/// <param name="Loaded">Whether the native backend loaded and a tensor operation ran.</param>
/// <param name="TorchSharpVersion">Version of the managed TorchSharp assembly, e.g. <c>0.107.0</c>.</param>
/// <param name="LibTorchVersion">libtorch version reported by TorchSharp, or null when it did not load.</param>
/// <param name="Backend">The native package the host chose (<c>TorchSharp-cpu</c>, <c>TorchSharp-cuda-linux</c>)
/// as far as it can be told from the loaded files, or null.</param>
/// <param name="Repairs">What was done to make the shim load on this machine (one line per file): files repaired
/// now, and files an earlier run had already repaired. Empty when this machine needs no repair.</param>
/// <param name="CudaAvailable">Whether CUDA is usable through TorchSharp.</param>
/// <param name="CudaDevices">Number of CUDA devices TorchSharp sees.</param>
/// <param name="Error">Why the backend did not load, with what to do about it; null when it loaded.</param>
public sealed record TorchStatus(
    bool Loaded,
    string TorchSharpVersion,
    string? LibTorchVersion,
    string? Backend,
    IReadOnlyList<string> Repairs,
    bool CudaAvailable,
    int CudaDevices,
    string? Error);
