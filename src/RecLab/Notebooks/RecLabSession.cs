using System.Net;
using System.Runtime.InteropServices;
using RecLab.Platform;
using RecLab.Training;

namespace RecLab.Notebooks;

/// <summary>
/// The one call a notebook's set-up cell makes: registers RecLab's formatters, binds live displays to the running
/// kernel, loads TorchSharp (repairing its native shim where needed), picks the device, and fixes the root seed.
/// Displayed, it shows the versions, the device and the seed that the notebook's numbers depend on.
/// </summary>
/// <param name="Seeds">The root seed and its named derivations.</param>
/// <param name="Device">The device models train on (<c>cpu</c>, <c>cuda</c>), or <c>none</c> when TorchSharp did not load.</param>
/// <param name="Torch">The TorchSharp backend's state.</param>
public sealed record RecLabSession(SeedSequence Seeds, string Device, TorchStatus Torch) : IHtmlRenderable
{
    /// <summary>The current session (the last one started), or null before <see cref="Start"/>.</summary>
    public static RecLabSession? Current { get; private set; }

    /// <summary>Starts (or restarts) the notebook session.</summary>
    /// <param name="seed">Root seed for everything random in the notebook.</param>
    /// <param name="device"><c>auto</c>, <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c> (see <see cref="TorchDevices.Select"/>).</param>
    /// <param name="cpuThreads">libtorch's CPU threads for this notebook (<see cref="TorchDevices.SetCpuThreads"/>): 1 by
    /// default, since training on several threads does not repeat exactly from process to process, and a notebook must
    /// give the same numbers in the kernel (a process per notebook) and under <c>reclab run</c> (one process for the
    /// series, where each notebook's start sets its own count whatever the one before it set); 0 for every core.</param>
    public static RecLabSession Start(ulong seed = 42, string device = "auto", int cpuThreads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cpuThreads);
        NotebookFormatters.Register();
        NotebookDisplay.BindToKernel();
        var torch = TorchRuntime.EnsureLoaded();
        if (torch.Loaded) TorchDevices.SetCpuThreads(cpuThreads > 0 ? cpuThreads : Environment.ProcessorCount);
        var chosen = torch.Loaded ? TorchDevices.Select(device).ToString() : "none";
        if (torch.Loaded) TorchDevices.Seed((long)(new SeedSequence(seed).Derive("torch") & long.MaxValue));
        Current = new RecLabSession(new SeedSequence(seed), chosen, torch);
        return Current;
    }

    /// <summary>RecLab's version as packed, e.g. <c>0.1.0-local-20261202080048</c> for a package of
    /// environment/install-kernel.sh: it tells which pack an open kernel has loaded.</summary>
    public static string Version =>
        (System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(RecLabSession).Assembly)
            ?.InformationalVersion ?? typeof(RecLabSession).Assembly.GetName().Version?.ToString(3) ?? "?").Split('+')[0];

    /// <inheritdoc />
    public string ToHtml()
    {
        var torch = Torch.Loaded
            ? $"TorchSharp {Torch.TorchSharpVersion}, libtorch {Torch.LibTorchVersion} ({Torch.Backend})"
            : $"TorchSharp {Torch.TorchSharpVersion}: not loaded: {Torch.Error}";
        return "<table class=\"reclab-table\"><tbody>" +
               $"<tr><th>RecLab</th><td>{Version}</td></tr>" +
               $"<tr><th>.NET</th><td>{WebUtility.HtmlEncode(RuntimeInformation.FrameworkDescription)}, {Environment.ProcessorCount} cores</td></tr>" +
               $"<tr><th>TorchSharp</th><td>{WebUtility.HtmlEncode(torch)}</td></tr>" +
               $"<tr><th>device</th><td>{Device}</td></tr>" +
               $"<tr><th>seed</th><td>{Seeds.Root}</td></tr>" +
               "</tbody></table>";
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"RecLab {Version}; {RuntimeInformation.FrameworkDescription}; TorchSharp {Torch.TorchSharpVersion} " +
        $"({(Torch.Loaded ? Torch.Backend : "not loaded")}); device {Device}; seed {Seeds.Root}";
}
