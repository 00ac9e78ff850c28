using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace RecLab.Notebooks;

/// <summary>
/// Lets Plotly.NET run inside the .NET Interactive kernel: the kernel ships and preloads FSharp.Core 10.0.0.0, while
/// Plotly.NET 6.0.0 was built against FSharp.Core 10.1.0.0, so its first chart fails with "Could not load file or
/// assembly 'FSharp.Core, Version=10.1.0.0'". When a load of FSharp.Core fails, this hands back the FSharp.Core the
/// process already has (binary compatible within major version 10), the way a binding redirect would.
/// </summary>
/// <remarks>
/// Installed by a module initializer, so it is in place before any RecLab code runs (a notebook needs no line of its
/// own); it acts only when a load has already failed, so hosts that ship FSharp.Core 10.1 (the CLI, the tests) never
/// see it.
/// </remarks>
internal static class KernelAssemblyRedirect
{
    private static int _installed;

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "The redirect must exist before a notebook's first chart, whatever RecLab type it touches first.")]
    internal static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1) return;
        AssemblyLoadContext.Default.Resolving += Resolve;
    }

    /// <summary>The loaded FSharp.Core of the same major version for a failed request of a newer one, else null.</summary>
    internal static Assembly? Resolve(AssemblyLoadContext context, AssemblyName requested)
    {
        if (!string.Equals(requested.Name, "FSharp.Core", StringComparison.Ordinal)) return null;
        return context.Assemblies
            .Concat(AssemblyLoadContext.Default.Assemblies)
            .Where(a => a.GetName() is { Name: "FSharp.Core" } name && name.Version?.Major == requested.Version?.Major)
            .OrderByDescending(a => a.GetName().Version)
            .FirstOrDefault();
    }
}
