using System.Text;
using System.Text.RegularExpressions;

namespace RecLab.Cli.Notebooks;

/// <summary>A <c>#r</c> of a NuGet package in a cell: <c>#r "nuget: Name, Version"</c> (version optional).</summary>
/// <param name="Id">Package id.</param>
/// <param name="Version">Requested version, or null.</param>
public sealed record PackageDirective(string Id, string? Version);

/// <summary>
/// The kernel directives of one cell, taken out of its code: <c>#r "nuget: ..."</c> package references, <c>#r "file.dll"</c>
/// assembly references, <c>#i</c> package sources, and <c>#!</c> magic commands. Directive lines are blanked rather than
/// removed, so compiler line numbers still match the cell.
/// </summary>
/// <param name="Code">The C# left for the compiler.</param>
/// <param name="Packages">Package references, in order.</param>
/// <param name="AssemblyPaths">Assembly file references, as written.</param>
/// <param name="Sources">Package sources from <c>#i</c> lines: absolute paths or URLs, as the kernel requires (accepted;
/// the engine ships its packages).</param>
/// <param name="Time">The cell starts with <c>#!time</c>: its wall time is displayed after it, as the kernel does.</param>
/// <param name="Who">The cell has <c>#!who</c>: the names of the variables defined so far are displayed.</param>
public sealed partial record CellDirectives(string Code, IReadOnlyList<PackageDirective> Packages, IReadOnlyList<string> AssemblyPaths,
    IReadOnlyList<string> Sources, bool Time = false, bool Who = false)
{
    private static readonly string[] CSharpSelectors = ["#!csharp", "#!c#", "#!C#"];

    /// <summary>Splits <paramref name="source"/> into directives and code.</summary>
    /// <exception cref="NotebookDirectiveException">A magic command other than the C# kernel selector, or a malformed directive.</exception>
    public static CellDirectives Parse(string source)
    {
        var code = new StringBuilder();
        var packages = new List<PackageDirective>();
        var assemblies = new List<string>();
        var sources = new List<string>();
        var (time, who) = (false, false);
        var lines = source.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var trimmed = line.Trim();
            if (trimmed.StartsWith("#!", StringComparison.Ordinal))
            {
                var magic = trimmed.Split(' ', 2)[0];
                if (magic == "#!time") time = true;
                else if (magic == "#!who") who = true;
                else if (!CSharpSelectors.Contains(magic))
                    throw new NotebookDirectiveException(
                        $"line {i + 1}: magic command '{magic}' is not supported by RecLab's headless engine " +
                        "(C# code, #r, #i, #!time and #!who are); move that work into C#.");
                line = "";
            }
            else if (trimmed.StartsWith("#r ", StringComparison.Ordinal) || trimmed.StartsWith("#i ", StringComparison.Ordinal))
            {
                var match = QuotedArgument().Match(trimmed);
                if (!match.Success)
                    throw new NotebookDirectiveException($"line {i + 1}: '{trimmed}' needs a quoted argument, e.g. #r \"nuget: RecLab, 0.1.0\".");
                var argument = match.Groups[1].Value.Trim();
                var isNuGet = argument.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase);
                if (trimmed.StartsWith("#i", StringComparison.Ordinal)) sources.Add(Source(isNuGet ? argument[6..].Trim() : argument, i + 1));
                else if (isNuGet) packages.Add(ParsePackage(argument[6..], i + 1));
                else assemblies.Add(argument);
                line = "";
            }
            code.Append(line);
            if (i < lines.Length - 1) code.Append('\n');
        }
        return new CellDirectives(code.ToString(), packages, assemblies, sources, time, who);
    }

    /// <summary>A package source as the kernel takes it: an absolute path or a URL. The kernel fails on a relative one
    /// (<c>PackageManagement Error 999 Invalid URI</c>), and every later package reference of its session with it.</summary>
    private static string Source(string source, int line)
    {
        if (Path.IsPathRooted(source))
            return Directory.Exists(source) ? source
                : throw new NotebookDirectiveException($"line {line}: '#i \"nuget: {source}\"': the source directory '{source}' does not exist (the kernel refuses it too).");
        return Uri.TryCreate(source, UriKind.Absolute, out _)
            ? source
            : throw new NotebookDirectiveException(
                $"line {line}: '#i \"nuget: {source}\"' is a relative package source, which the .NET Interactive kernel refuses " +
                "(Invalid URI); name the folder by its absolute path, or list it in a nuget.config beside the notebook.");
    }

    private static PackageDirective ParsePackage(string spec, int line)
    {
        var parts = spec.Split(',', StringSplitOptions.TrimEntries);
        if (parts[0].Length == 0 || parts.Length > 2)
            throw new NotebookDirectiveException($"line {line}: '#r \"nuget:{spec}\"' is not of the form #r \"nuget: Name, Version\".");
        return new PackageDirective(parts[0], parts.Length == 2 && parts[1].Length > 0 ? parts[1] : null);
    }

    [GeneratedRegex("^#[ri]\\s+\"([^\"]*)\"\\s*$")]
    private static partial Regex QuotedArgument();
}

/// <summary>A cell's kernel directive that the headless engine cannot honour.</summary>
public sealed class NotebookDirectiveException(string message) : Exception(message);
