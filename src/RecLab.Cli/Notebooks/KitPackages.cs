using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;

namespace RecLab.Cli.Notebooks;

/// <summary>
/// The NuGet packages this host ships (read from its <c>.deps.json</c>), so that a notebook's
/// <c>#r "nuget: Name, Version"</c> resolves to assemblies already here instead of a download: the headless engine
/// never restores packages, which keeps runs offline and identical to what the kit was tested with.
/// </summary>
public sealed class KitPackages
{
    private readonly Dictionary<string, Package> _packages;

    private KitPackages(Dictionary<string, Package> packages) => _packages = packages;

    /// <summary>A package of the kit: its version, the assemblies it contributes, and the packages it depends on.</summary>
    /// <param name="Id">Package id as NuGet spells it.</param>
    /// <param name="Version">Version shipped.</param>
    /// <param name="Assemblies">Simple names of its runtime assemblies.</param>
    /// <param name="Dependencies">Ids of the packages it depends on.</param>
    public sealed record Package(string Id, string Version, IReadOnlyList<string> Assemblies, IReadOnlyList<string> Dependencies);

    /// <summary>Every package id the kit ships, sorted.</summary>
    public IEnumerable<string> Ids => _packages.Values.Select(p => p.Id).Order(StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads the running application's dependency manifest.</summary>
    public static KitPackages FromRunningApp()
    {
        var depsFiles = (AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries);
        var deps = depsFiles.FirstOrDefault(f => !f.Contains("Microsoft.NETCore.App", StringComparison.Ordinal) && File.Exists(f))
                   ?? throw new InvalidOperationException("The running application has no .deps.json; the headless engine needs one to resolve #r \"nuget: ...\" lines.");
        return FromDepsJson(File.ReadAllText(deps));
    }

    /// <summary>Reads a <c>.deps.json</c> document.</summary>
    public static KitPackages FromDepsJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var runtimeTarget = doc.RootElement.GetProperty("runtimeTarget").GetProperty("name").GetString()!;
        var packages = new Dictionary<string, Package>(StringComparer.OrdinalIgnoreCase);
        foreach (var library in doc.RootElement.GetProperty("targets").GetProperty(runtimeTarget).EnumerateObject())
        {
            var slash = library.Name.IndexOf('/');
            var id = library.Name[..slash];
            var assemblies = library.Value.TryGetProperty("runtime", out var runtime)
                ? runtime.EnumerateObject().Select(r => Path.GetFileNameWithoutExtension(r.Name)).ToList()
                : [];
            var dependencies = library.Value.TryGetProperty("dependencies", out var d)
                ? d.EnumerateObject().Select(x => x.Name).ToList()
                : [];
            packages[id] = new Package(id, library.Name[(slash + 1)..], assemblies, dependencies);
        }
        return new KitPackages(packages);
    }

    /// <summary>The package called <paramref name="id"/> (any case), or null when the kit does not ship it.</summary>
    public Package? Find(string id) => _packages.GetValueOrDefault(id);

    /// <summary>Whether some package of the kit contributes an assembly with this simple name.</summary>
    public bool ShipsAssembly(string simpleName) =>
        _packages.Values.Any(p => p.Assemblies.Contains(simpleName, StringComparer.OrdinalIgnoreCase));

    /// <summary>The package and everything it depends on, transitively, as loaded assemblies.</summary>
    public IReadOnlyList<Assembly> LoadClosure(string id)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<Assembly>();
        var stack = new Stack<string>([id]);
        while (stack.Count > 0)
        {
            var next = stack.Pop();
            if (!seen.Add(next) || Find(next) is not { } package) continue;
            foreach (var name in package.Assemblies)
                result.Add(AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName(name)));
            foreach (var dep in package.Dependencies) stack.Push(dep);
        }
        return result;
    }
}
