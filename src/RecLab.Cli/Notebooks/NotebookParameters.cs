using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RecLab.Notebooks;

namespace RecLab.Cli.Notebooks;

/// <summary>Reads which parameters a notebook declares, without running it.</summary>
public static class NotebookParameters
{
    /// <summary>The variables declared at top level in the cell tagged <c>parameters</c>; empty when there is none.</summary>
    public static IReadOnlySet<string> Declared(NotebookDocument notebook)
    {
        var cell = notebook.Cells.FirstOrDefault(c => c.IsCode && c.Tags.Contains("parameters"));
        return cell is null ? new HashSet<string>() : Declared(CellDirectives.Parse(cell.Source).Code);
    }

    /// <summary>The variables declared at top level in a cell's C# code (script fields and locals).</summary>
    public static IReadOnlySet<string> Declared(string code)
    {
        var members = CSharpSyntaxTree.ParseText(code, CSharpParseOptions.Default.WithKind(SourceCodeKind.Script))
            .GetCompilationUnitRoot().Members;
        var fields = members.OfType<FieldDeclarationSyntax>().SelectMany(f => f.Declaration.Variables);
        var locals = members.OfType<GlobalStatementSyntax>().Select(g => g.Statement)
            .OfType<LocalDeclarationStatementSyntax>().SelectMany(d => d.Declaration.Variables);
        return fields.Concat(locals).Select(v => v.Identifier.ValueText).ToHashSet(StringComparer.Ordinal);
    }
}
