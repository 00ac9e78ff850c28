namespace RecLab.Notebooks;

/// <summary>Why a notebook run stopped early.</summary>
/// <param name="CellNumber">1-based position of the failing cell among all cells of the executed notebook.</param>
/// <param name="Message">The error, e.g. the compiler diagnostic or the exception message.</param>
public sealed record NotebookFailure(int CellNumber, string Message);

/// <summary>One executed notebook: the document with its outputs, and how the run went.</summary>
/// <param name="SourcePath">The notebook file that was run.</param>
/// <param name="Executed">The notebook with outputs (and the injected-parameters cell, if any).</param>
/// <param name="Parameters">The overrides given on the command line.</param>
/// <param name="Duration">Wall time of the run.</param>
/// <param name="Failure">The first failing cell, or null when every cell ran.</param>
public sealed record NotebookRun(
    string SourcePath,
    NotebookDocument Executed,
    IReadOnlyDictionary<string, string> Parameters,
    TimeSpan Duration,
    NotebookFailure? Failure)
{
    /// <summary>Whether every cell ran.</summary>
    public bool Succeeded => Failure is null;

    /// <summary>The one-line summary a command line prints on failure: notebook, cell number and error.</summary>
    public string FailureSummary =>
        Failure is null ? "" : $"{SourcePath}: cell {Failure.CellNumber} failed: {Failure.Message}";
}
