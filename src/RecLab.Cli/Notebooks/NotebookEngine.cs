using System.Diagnostics;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;
using RecLab.Notebooks;

namespace RecLab.Cli.Notebooks;

/// <summary>
/// Runs C# notebooks without a notebook kernel, with the meaning the .NET Interactive C# kernel gives them: cells run
/// in order as Roslyn script submissions that share state (the engine the C# kernel is itself built on); a trailing
/// expression is displayed; <c>display(...)</c>, console output and errors become Jupyter outputs; <c>#r "nuget: ..."</c>
/// resolves to the assemblies this host ships; a cell tagged <c>parameters</c> can be overridden (like papermill).
/// </summary>
/// <remarks>
/// Lives in the CLI rather than the library so that the library stays loadable inside a real kernel, which brings
/// its own Roslyn. Runs one notebook at a time: console redirection and the working directory are process-wide.
/// </remarks>
public sealed class NotebookEngine(KitPackages kit)
{
    private static readonly string[] DefaultImports =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    private static readonly Lazy<IReadOnlyList<MetadataReference>> FrameworkReferences = new(LoadFrameworkReferences);
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>Runs every cell even after one fails, as Jupyter's client does with <c>allow_errors</c>; the run's failure is
    /// still the first failing cell. Off by default: a study stops at its first error.</summary>
    public bool ContinueAfterErrors { get; init; }

    /// <summary>Runs the notebook at <paramref name="path"/> and returns it executed, stopping at the first failing cell.</summary>
    /// <exception cref="InvalidDataException">The file is not a notebook; the message names the file and cell.</exception>
    /// <exception cref="NotebookParameterException">An override names no declared parameter, does not parse as its
    /// type, or the notebook has no parameters cell: bad input, not a failing cell.</exception>
    /// <param name="path">The <c>.ipynb</c> file.</param>
    /// <param name="parameters">Overrides for variables of the cell tagged <c>parameters</c>.</param>
    /// <param name="log">Receives one line per cell as it starts (progress for the command line); may be null.</param>
    /// <param name="cancellation">Stops before the next cell.</param>
    public async Task<NotebookRun> RunAsync(string path, IReadOnlyDictionary<string, string> parameters, Action<string>? log = null, CancellationToken cancellation = default)
    {
        var fullPath = Path.GetFullPath(path);
        var document = NotebookDocument.Load(fullPath);
        await OneAtATime.WaitAsync(cancellation);
        var clock = Stopwatch.StartNew();
        var sink = new CellOutputSink();
        var (stdout, stderr, cwd, displaySink) = (Console.Out, Console.Error, Environment.CurrentDirectory, NotebookDisplay.Sink);
        try
        {
            NotebookFormatters.Register();
            PlotlyHtml.BeginDocument();
            NotebookResults.Reset();
            Console.SetOut(sink.Writer("stdout"));
            Console.SetError(sink.Writer("stderr"));
            var globals = new ScriptGlobals(sink);
            NotebookDisplay.Sink = value => globals.display(value);
            Environment.CurrentDirectory = Path.GetDirectoryName(fullPath)!;
            var failure = await RunCellsAsync(path, document, parameters, sink, globals, log, cancellation);
            NotebookResults.Write(document, NotebookResults.Snapshot(), NotebookResults.SnapshotTimings(), NotebookResults.SnapshotSummary());
            return new NotebookRun(path, document, parameters, clock.Elapsed, failure);
        }
        finally
        {
            sink.End();
            Console.SetOut(stdout);
            Console.SetError(stderr);
            Environment.CurrentDirectory = cwd;
            NotebookDisplay.Sink = displaySink;
            OneAtATime.Release();
        }
    }

    private async Task<NotebookFailure?> RunCellsAsync(string path, NotebookDocument document, IReadOnlyDictionary<string, string> parameters,
        CellOutputSink sink, ScriptGlobals globals, Action<string>? log, CancellationToken cancellation)
    {
        var parametersCell = document.Cells.FindIndex(c => c.IsCode && c.Tags.Contains("parameters"));
        if (parameters.Count > 0 && parametersCell < 0)
            throw new NotebookParameterException($"{path}: --param was given ({string.Join(", ", parameters.Keys)}) but no cell is tagged 'parameters'.");
        var options = ScriptOptions.Default
            .WithReferences(FrameworkReferences.Value)
            .WithImports(DefaultImports)
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithFilePath(document.Title ?? "notebook");
        ScriptState<object>? state = null;
        NotebookFailure? firstFailure = null;
        var executionCount = 0;
        for (var i = 0; i < document.Cells.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var cell = document.Cells[i];
            if (!cell.IsCode) continue;
            cell.Outputs.Clear();
            cell.ExecutionCount = ++executionCount;
            log?.Invoke($"cell {i + 1}/{document.Cells.Count}");
            sink.Begin(cell);
            try
            {
                if (cell.KernelName is { } kernel && kernel != "csharp")
                    throw new NotebookDirectiveException($"the cell is for kernel '{kernel}'; RecLab's headless engine runs C# only.");
                var directives = CellDirectives.Parse(cell.Source);
                options = AddReferences(options, directives, sink);
                var cellClock = Stopwatch.StartNew();
                var next = state is null
                    ? CSharpScript.Create(directives.Code, options, typeof(ScriptGlobals))
                    : state.Script.ContinueWith(directives.Code, options);
                WriteWarnings(next, sink);
                state = state is null
                    ? await next.RunAsync(globals, cancellation)
                    : await next.RunFromAsync(state, cancellationToken: cancellation);
                if (TrailingValue(state, directives.Code, out var value))
                    sink.Add(new ExecuteResultOutput(executionCount, MimeBundle.For(value)));
                if (directives.Who)
                    sink.Add(new DisplayDataOutput(MimeBundle.For(state.Variables.Select(v => v.Name).Distinct().ToArray())));
                if (directives.Time)
                    sink.Add(new DisplayDataOutput(MimeBundle.For($"Wall time: {cellClock.Elapsed.TotalMilliseconds:0.####}ms")));
                if (i == parametersCell && parameters.Count > 0)
                    document.Cells.Insert(i + 1, InjectedCell(path, parameters, state, directives.Code));
            }
            catch (Exception e) when (e is not (OperationCanceledException or NotebookParameterException))
            {
                var error = ToError(e);
                sink.Add(error);
                firstFailure ??= new NotebookFailure(i + 1, $"{error.Name}: {error.Value}");
                if (!ContinueAfterErrors) return firstFailure;
            }
            finally
            {
                sink.End();
            }
        }
        return firstFailure;
    }

    /// <summary>Compiler warnings of the cell, to its stderr as the kernel prints them: <c>(line,column): warning CS....: text</c>.</summary>
    private static void WriteWarnings(Script script, CellOutputSink sink)
    {
        var tree = script.GetCompilation().SyntaxTrees.Last();
        foreach (var warning in script.GetCompilation().GetDiagnostics()
                     .Where(d => d.Severity == DiagnosticSeverity.Warning && !d.IsSuppressed && d.Location.SourceTree == tree))
        {
            var at = warning.Location.GetLineSpan().StartLinePosition;
            sink.Write("stderr", $"({at.Line + 1},{at.Character + 1}): warning {warning.Id}: {warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}\n");
        }
    }

    private ScriptOptions AddReferences(ScriptOptions options, CellDirectives directives, CellOutputSink sink)
    {
        var added = new List<Assembly>();
        foreach (var package in directives.Packages)
        {
            var shipped = kit.Find(package.Id)
                ?? throw new NotebookDirectiveException(
                    $"package '{package.Id}' is not shipped with RecLab's headless engine, which resolves #r \"nuget: ...\" to its own assemblies " +
                    $"(it ships {string.Join(", ", kit.Ids)}).");
            if (package.Version is { } wanted && wanted != shipped.Version && !wanted.Contains('*'))
                sink.Write("stderr", $"note: #r \"nuget: {package.Id}, {wanted}\" uses the kit's {shipped.Id} {shipped.Version}.\n");
            added.AddRange(kit.LoadClosure(package.Id));
        }
        var files = new List<MetadataReference>();
        foreach (var reference in directives.AssemblyPaths)
        {
            var name = Path.GetFileNameWithoutExtension(reference);
            if (kit.ShipsAssembly(name)) added.Add(Assembly.Load(new AssemblyName(name)));
            else if (File.Exists(reference)) files.Add(MetadataReference.CreateFromFile(Path.GetFullPath(reference)));
            else throw new NotebookDirectiveException($"#r \"{reference}\": no such file (relative paths start at the notebook's folder).");
        }
        return added.Count == 0 && files.Count == 0 ? options : options.AddReferences(added.Distinct()).AddReferences(files);
    }

    private static bool TrailingValue(ScriptState<object> state, string code, out object? value)
    {
        value = null;
        var tree = CSharpSyntaxTree.ParseText(code, CSharpParseOptions.Default.WithKind(SourceCodeKind.Script));
        var last = tree.GetCompilationUnitRoot().Members.LastOrDefault();
        // `return value;` ends a submission with its value, which the kernel displays like a trailing expression.
        if (last is GlobalStatementSyntax { Statement: ReturnStatementSyntax { Expression: not null } })
        {
            value = state.ReturnValue;
            return true;
        }
        if (last is not GlobalStatementSyntax { Statement: ExpressionStatementSyntax statement } || !statement.SemicolonToken.IsMissing)
            return false;
        var compilation = state.Script.GetCompilation();
        var compiledTree = compilation.SyntaxTrees.Last();
        var expression = compiledTree.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Last().Statement as ExpressionStatementSyntax;
        var type = expression is null ? null : compilation.GetSemanticModel(compiledTree).GetTypeInfo(expression.Expression).Type;
        // A bare `null` has no type; the kernel displays it as <null>.
        var isNull = expression?.Expression.IsKind(SyntaxKind.NullLiteralExpression) == true;
        if (!isNull && (type is null || type.SpecialType == SpecialType.System_Void)) return false;
        value = state.ReturnValue;
        return true;
    }

    private static NotebookCell InjectedCell(string path, IReadOnlyDictionary<string, string> parameters, ScriptState<object> state, string parametersCode)
    {
        var names = NotebookParameters.Declared(parametersCode);
        var declared = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var variable in state.Variables.Where(v => names.Contains(v.Name))) declared[variable.Name] = variable.Type;
        try
        {
            return new NotebookCell("code", ParameterOverrides.ToCode(parameters, declared), NotebookMetadata.CSharpCell("injected-parameters"));
        }
        catch (ArgumentException e)
        {
            throw new NotebookParameterException($"{path}: {e.Message}", e);
        }
    }

    private static ErrorOutput ToError(Exception e)
    {
        if (e is CompilationErrorException compile)
        {
            var diagnostics = compile.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            var first = diagnostics.FirstOrDefault();
            var where = first is null ? "" : $" (line {first.Location.GetLineSpan().StartLinePosition.Line + 1})";
            return new ErrorOutput(first?.Id ?? "CompilationError", (first?.GetMessage() ?? compile.Message) + where,
                diagnostics.Select(d => $"({d.Location.GetLineSpan().StartLinePosition.Line + 1},{d.Location.GetLineSpan().StartLinePosition.Character + 1}): error {d.Id}: {d.GetMessage()}").ToList());
        }
        if (e is NotebookDirectiveException)
            return new ErrorOutput(e.GetType().Name, e.Message, []);
        var inner = e is TargetInvocationException { InnerException: { } ti } ? ti : e;
        return new ErrorOutput(inner.GetType().FullName ?? inner.GetType().Name, inner.Message,
            (inner.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static IReadOnlyList<MetadataReference> LoadFrameworkReferences()
    {
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var tpa = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "").Split(Path.PathSeparator);
        return tpa.Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && Path.GetDirectoryName(p) == runtimeDir)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
    }
}
