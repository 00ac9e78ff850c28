using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;

namespace RecLab.Cli.Notebooks;

/// <summary>
/// Turns <c>--param name=value</c> overrides into the C# of an injected cell (<c>name = literal;</c>), typed by the
/// variables that the notebook's <c>parameters</c> cell declared, as papermill does for Python notebooks.
/// </summary>
public static class ParameterOverrides
{
    /// <summary>Parses <c>name=value</c> pairs; a name given twice keeps the last value.</summary>
    /// <exception cref="ArgumentException">A pair without <c>=</c> or with an empty name.</exception>
    public static IReadOnlyDictionary<string, string> Parse(IEnumerable<string> pairs)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"--param '{pair}' is not of the form name=value.");
            result[pair[..eq].Trim()] = pair[(eq + 1)..];
        }
        return result;
    }

    /// <summary>The C# statements that assign each override to its parameter.</summary>
    /// <param name="overrides">Name to raw value.</param>
    /// <param name="parameterTypes">Name to type of every variable the parameters cell declared.</param>
    /// <exception cref="ArgumentException">An unknown name, a value that does not parse as the parameter's type, or
    /// a type the command line cannot express; the message names the parameter.</exception>
    public static string ToCode(IReadOnlyDictionary<string, string> overrides, IReadOnlyDictionary<string, Type> parameterTypes)
    {
        var lines = new List<string> { "// Parameters injected by `reclab notebooks run --param`." };
        foreach (var (name, raw) in overrides)
        {
            if (!parameterTypes.TryGetValue(name, out var type))
                throw new ArgumentException(
                    $"parameter '{name}' is not declared in the parameters cell (declared: {string.Join(", ", parameterTypes.Keys.Order())}).");
            lines.Add($"{name} = {Literal(name, raw, type)};");
        }
        return string.Join("\n", lines) + "\n";
    }

    /// <summary>A C# literal of <paramref name="type"/> for <paramref name="raw"/>.</summary>
    public static string Literal(string name, string raw, Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target != type && raw is "null" or "") return "null";
        if (target.IsArray)
        {
            var element = target.GetElementType()!;
            var items = raw.Length == 0 ? [] : raw.Split(',').Select(item => Literal(name, item.Trim(), element));
            return $"new {TypeName(element)}[] {{ {string.Join(", ", items)} }}";
        }
        if (!Settable(target))
            throw new ArgumentException($"parameter '{name}' has type {TypeName(type)}, which --param cannot set (use string, bool, numbers, enums or arrays of them).");
        if (target.IsEnum) return EnumLiteral(name, raw, type, target);
        try
        {
            return target switch
            {
                _ when target == typeof(string) => SymbolDisplay.FormatLiteral(raw, quote: true),
                _ when target == typeof(bool) => bool.Parse(raw) ? "true" : "false",
                _ when target == typeof(int) => int.Parse(raw, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
                _ when target == typeof(long) => long.Parse(raw, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + "L",
                _ when target == typeof(ulong) => ulong.Parse(raw, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + "UL",
                _ when target == typeof(uint) => uint.Parse(raw, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + "U",
                _ when target == typeof(double) => DoubleLiteral(double.Parse(raw, CultureInfo.InvariantCulture)),
                _ when target == typeof(float) => float.Parse(raw, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture) + "f",
                _ when target == typeof(decimal) => decimal.Parse(raw, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + "m",
                _ => throw new ArgumentException($"parameter '{name}' has type {TypeName(type)}, which --param cannot set."),
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new ArgumentException($"parameter '{name}' expects {TypeName(type)}, but '{raw}' is not one ({e.Message}).", e);
        }
    }

    /// <summary>A member of <paramref name="target"/> named by <paramref name="raw"/> (any case); numbers are refused,
    /// since a value outside the enum's members would compile to nothing the notebook handles.</summary>
    private static string EnumLiteral(string name, string raw, Type type, Type target)
    {
        var member = Enum.GetNames(target).FirstOrDefault(n => string.Equals(n, raw.Trim(), StringComparison.OrdinalIgnoreCase));
        return member is not null
            ? $"{TypeName(target)}.{member}"
            : throw new ArgumentException(
                $"parameter '{name}' expects {TypeName(type)}, one of {string.Join(", ", Enum.GetNames(target))}; '{raw}' is not one.");
    }

    private static bool Settable(Type type) =>
        type.IsEnum || type == typeof(string) || type == typeof(bool) || type == typeof(int) || type == typeof(long) ||
        type == typeof(ulong) || type == typeof(uint) || type == typeof(double) || type == typeof(float) || type == typeof(decimal);

    private static string DoubleLiteral(double value) =>
        double.IsNaN(value) ? "double.NaN"
        : double.IsPositiveInfinity(value) ? "double.PositiveInfinity"
        : double.IsNegativeInfinity(value) ? "double.NegativeInfinity"
        : value.ToString("R", CultureInfo.InvariantCulture) + "d";

    private static string TypeName(Type type) => type switch
    {
        _ when Nullable.GetUnderlyingType(type) is { } inner => TypeName(inner) + "?",
        _ when type.IsArray => TypeName(type.GetElementType()!) + "[]",
        _ when Keywords.TryGetValue(type, out var keyword) => keyword,
        _ => "global::" + type.FullName!.Replace('+', '.'),
    };

    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(string)] = "string", [typeof(bool)] = "bool", [typeof(int)] = "int", [typeof(long)] = "long",
        [typeof(ulong)] = "ulong", [typeof(uint)] = "uint", [typeof(double)] = "double", [typeof(float)] = "float",
        [typeof(decimal)] = "decimal",
    };
}

/// <summary>A <c>--param</c> that does not fit the notebook: an unknown name, a value that is not of the parameter's
/// type, or no parameters cell. Bad input (exit code 2), not a failing cell.</summary>
public sealed class NotebookParameterException(string message, Exception? inner = null) : ArgumentException(message, inner);
