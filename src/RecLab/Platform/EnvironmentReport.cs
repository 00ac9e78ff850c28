using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using RecLab.Notebooks;

namespace RecLab.Platform;

/// <summary>
/// What <c>reclab doctor</c> reports: .NET, TorchSharp and libtorch versions, whether the native backend loads (and
/// what was repaired), CUDA, Redis, and the .NET Interactive kernel, each with advice when something is missing.
/// </summary>
/// <param name="Checks">The checks in display order.</param>
public sealed record EnvironmentReport(IReadOnlyList<EnvironmentCheck> Checks) : IHtmlRenderable
{
    /// <summary>True when no required check failed.</summary>
    public bool Healthy => Checks.All(c => c.Status != CheckStatus.Failed);

    /// <summary>Runs every check. Loads TorchSharp's native backend (see <see cref="TorchRuntime"/>).</summary>
    /// <param name="redis">Redis address to probe, <c>host:port</c>; defaults to <c>RECLAB_REDIS</c> or <c>localhost:6379</c>.</param>
    public static EnvironmentReport Collect(string? redis = null)
    {
        var torch = TorchRuntime.EnsureLoaded();
        var checks = new List<EnvironmentCheck>
        {
            new(".NET", CheckStatus.Ok, $"{RuntimeInformation.FrameworkDescription} on {RuntimeInformation.OSDescription} ({RuntimeInformation.ProcessArchitecture}), {Environment.ProcessorCount} cores"),
            new("RecLab", CheckStatus.Ok, typeof(EnvironmentReport).Assembly.GetName().Version?.ToString(3) ?? "?"),
            new("TorchSharp", CheckStatus.Ok, $"{torch.TorchSharpVersion} (libtorch {torch.LibTorchVersion ?? "not loaded"})"),
            TorchCheck(torch),
            CudaCheck(torch),
            RedisCheck(redis ?? Environment.GetEnvironmentVariable("RECLAB_REDIS") ?? "localhost:6379"),
            KernelCheck(),
        };
        return new EnvironmentReport(checks);
    }

    /// <inheritdoc />
    public string ToHtml()
    {
        var html = new StringBuilder("<table class=\"reclab-table\"><thead><tr><th>check</th><th>status</th><th>found</th><th>advice</th></tr></thead><tbody>");
        foreach (var c in Checks)
        {
            var css = c.Status switch { CheckStatus.Ok => "reclab-ok", CheckStatus.Warning => "reclab-warn", _ => "reclab-fail" };
            html.Append($"<tr><td>{WebUtility.HtmlEncode(c.Name)}</td><td class=\"{css}\">{c.Status}</td>")
                .Append($"<td>{WebUtility.HtmlEncode(c.Value)}</td><td>{WebUtility.HtmlEncode(c.Advice ?? "")}</td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    private static EnvironmentCheck TorchCheck(TorchStatus torch)
    {
        if (!torch.Loaded)
            return new("TorchSharp native backend", CheckStatus.Failed, "not loaded", torch.Error);
        var repaired = torch.Repairs.Count == 0 ? "no repair needed on this system" : "native fixes: " + string.Join("; ", torch.Repairs);
        return new("TorchSharp native backend", CheckStatus.Ok, $"loaded ({torch.Backend ?? "unknown backend"}); {repaired}");
    }

    private static EnvironmentCheck CudaCheck(TorchStatus torch)
    {
        var gpu = NvidiaSmi();
        if (torch.CudaAvailable)
            return new("CUDA", CheckStatus.Ok, $"{torch.CudaDevices} device(s){(gpu is null ? "" : ": " + gpu)}");
        if (gpu is not null)
            return new("CUDA", CheckStatus.Warning, $"GPU present ({gpu}) but this host uses {torch.Backend ?? "a CPU backend"}",
                "Build the host with -p:TorchBackend=TorchSharp-cuda-linux to train on the GPU (README, \"GPU\").");
        return new("CUDA", CheckStatus.Warning, "not available; training runs on CPU",
            "Optional. On a machine with an NVIDIA GPU and driver, build with -p:TorchBackend=TorchSharp-cuda-linux.");
    }

    private static string? NvidiaSmi()
    {
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("nvidia-smi", "--query-gpu=name --format=csv,noheader")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null) return null;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit(5000);
            return process.ExitCode == 0 && output.Length > 0 ? output.Replace('\n', ',') : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static EnvironmentCheck RedisCheck(string address)
    {
        var reply = RedisPing.TryPing(address, TimeSpan.FromMilliseconds(500));
        return reply is null
            ? new("Redis", CheckStatus.Ok, $"{address} answers PING")
            : new("Redis", CheckStatus.Warning, $"{address}: {reply}",
                "Needed only for the multi-replica service: install redis-server (bash environment/setup.sh does) or pass --redis HOST:PORT.");
    }

    private static EnvironmentCheck KernelCheck()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var roots = (Environment.GetEnvironmentVariable("JUPYTER_PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat([Path.Combine(home, ".local/share/jupyter"), "/usr/local/share/jupyter", "/usr/share/jupyter"]);
        var spec = roots.Select(r => Path.Combine(r, "kernels", NotebookMetadata.KernelName, "kernel.json")).FirstOrDefault(File.Exists);
        return spec is not null
            ? new(".NET Interactive kernel", CheckStatus.Ok, spec)
            : new(".NET Interactive kernel", CheckStatus.Warning, "not installed",
                "Optional: `reclab notebooks run` needs no kernel. For VS Code or Jupyter: dotnet tool install -g Microsoft.dotnet-interactive " +
                "&& dotnet interactive jupyter install (deprecated upstream in 2026, still works).");
    }
}
