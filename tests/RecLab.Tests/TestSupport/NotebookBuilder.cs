using RecLab.Notebooks;

namespace RecLab.Tests.TestSupport;

/// <summary>Builds small notebooks for engine tests.</summary>
public sealed class NotebookBuilder
{
    private readonly List<NotebookCell> _cells = [];

    /// <summary>Adds a Markdown cell.</summary>
    public NotebookBuilder Markdown(string text)
    {
        _cells.Add(new NotebookCell("markdown", text));
        return this;
    }

    /// <summary>Adds a C# code cell with optional tags.</summary>
    public NotebookBuilder Code(string code, params string[] tags)
    {
        _cells.Add(new NotebookCell("code", code, NotebookMetadata.CSharpCell(tags)));
        return this;
    }

    /// <summary>Writes the notebook and returns its path.</summary>
    public string Save(TempDir dir, string name = "test.ipynb")
    {
        var path = dir.File(name);
        new NotebookDocument(_cells).Save(path);
        return path;
    }
}
