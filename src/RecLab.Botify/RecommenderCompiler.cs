using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using RecLab.Recommenders;

namespace RecLab.Web;

/// <summary>A user's recommender file does not compile, or holds no recommender: the message lists each error as
/// <c>FILE(LINE,COLUMN): error CSNNNN: text</c>, and the service does not start (exit code 2).</summary>
public sealed class RecommenderCompilationException(string message) : FormatException(message);

/// <summary>
/// Compiles a user's own recommender classes from C# files (a notebook cell written out, or a <c>.cs</c> file) at the
/// service's start with Roslyn, against the library and everything the host has loaded, so that
/// <c>reclab serve --recommenders my_recs.cs</c> can serve a class written in a notebook. The files get the notebooks'
/// usings implicitly (<see cref="ImplicitUsings"/>), so a cell's text compiles unchanged. Every concrete class that
/// implements <see cref="IRecommender"/> is added to the factory by name (see <see cref="RecommenderFactory.Add(Type, string?)"/>).
/// </summary>
public static class RecommenderCompiler
{
    /// <summary>Namespaces every compiled file uses without saying so (the notebooks' set-up cell's).</summary>
    public static readonly IReadOnlyList<string> ImplicitUsings =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Threading.Tasks",
        "RecLab", "RecLab.Experiments", "RecLab.Recommenders", "RecLab.Service", "RecLab.Training", "RecLab.World",
    ];

    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(LoadReferences);

    /// <summary>Compiles <paramref name="files"/> into one assembly and returns its recommender classes.</summary>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="RecommenderCompilationException">Compile errors (each with file, line and column), or no
    /// recommender class in the files.</exception>
    public static IReadOnlyList<Type> Compile(IReadOnlyList<string> files)
    {
        var trees = new List<SyntaxTree>
        {
            CSharpSyntaxTree.ParseText(string.Concat(ImplicitUsings.Select(u => $"global using {u};\n")), path: "(implicit usings)"),
        };
        foreach (var file in files)
        {
            var path = Path.GetFullPath(file);
            if (!File.Exists(path)) throw new FileNotFoundException($"recommender file {file} does not exist.", path);
            trees.Add(CSharpSyntaxTree.ParseText(File.ReadAllText(path), CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest), path));
        }
        var name = "RecLab.UserRecommenders." + Guid.NewGuid().ToString("N");
        var compilation = CSharpCompilation.Create(name, trees, References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, allowUnsafe: true));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(Describe).ToList();
        if (!emitted.Success)
            throw new RecommenderCompilationException($"{string.Join(", ", files)} did not compile:\n  " + string.Join("\n  ", errors));
        image.Position = 0;
        var assembly = AssemblyLoadContext.Default.LoadFromStream(image);
        var types = assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IRecommender).IsAssignableFrom(t) && !t.IsNested).ToList();
        if (types.Count == 0)
            throw new RecommenderCompilationException($"{string.Join(", ", files)}: no class implements IRecommender (write `class MyRecs : IRecommender`).");
        return types;
    }

    /// <summary>Compiles <paramref name="files"/> and adds their recommender classes to <paramref name="factory"/>.</summary>
    /// <returns>The names the classes are known by.</returns>
    public static IReadOnlyList<string> AddTo(RecommenderFactory factory, IReadOnlyList<string> files)
    {
        foreach (var type in Compile(files)) factory.Add(type);
        return factory.OwnKinds;
    }

    private static string Describe(Diagnostic d)
    {
        var span = d.Location.GetLineSpan();
        return span.IsValid
            ? $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): error {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}"
            : $"error {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    private static IReadOnlyList<MetadataReference> LoadReferences()
    {
        var tpa = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "").Split(Path.PathSeparator);
        var paths = tpa.Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && File.Exists(p))
            .Append(typeof(IRecommender).Assembly.Location)
            .Where(p => p.Length > 0)
            .Distinct(StringComparer.Ordinal);
        var references = new List<MetadataReference>();
        foreach (var path in paths)
        {
            try
            {
                AssemblyName.GetAssemblyName(path);
                references.Add(MetadataReference.CreateFromFile(path));
            }
            catch (BadImageFormatException)
            {
                // A native library in the list: not a reference.
            }
        }
        return references;
    }
}
