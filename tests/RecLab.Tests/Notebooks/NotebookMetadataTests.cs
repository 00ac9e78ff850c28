using System.Text.Json.Nodes;
using RecLab.Notebooks;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Notebooks;

public sealed class NotebookMetadataTests
{
    public static TheoryData<string> CommittedNotebooks()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(RepoPaths.Notebooks, "*.ipynb").Order()) data.Add(Path.GetFileName(path));
        return data;
    }

    [Theory]
    [MemberData(nameof(CommittedNotebooks))]
    public void Every_committed_notebook_carries_valid_NET_Interactive_metadata_and_no_stored_outputs(string name)
    {
        var notebook = NotebookDocument.Load(Path.Combine(RepoPaths.Notebooks, name));

        Assert.Empty(NotebookMetadata.Validate(notebook));
        Assert.All(notebook.Cells.Where(c => c.IsCode), c => Assert.Empty(c.Outputs));
        Assert.True(notebook.Cells[0].CellType == "markdown" && notebook.Title is not null, "a notebook opens with a Markdown title");
        var firstCode = notebook.Cells.First(c => c.IsCode);
        Assert.Contains("RecLabSession.Start(", firstCode.Source);
        Assert.Contains("parameters", notebook.Cells.Where(c => c.IsCode).ElementAt(1).Tags);
    }

    [Fact]
    public void The_series_starts_with_the_environment_notebook() =>
        Assert.True(File.Exists(Path.Combine(RepoPaths.Notebooks, "00-environment.ipynb")));

    [Fact]
    public void Validation_names_each_problem()
    {
        var meta = NotebookMetadata.CSharpDefaults();
        meta["kernelspec"]!["name"] = "python3";
        var cell = new NotebookCell("code", "x", new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "fsharp" } });
        cell.Outputs.Add(new StreamOutput("stdout", new string('x', 30_000)));

        var problems = NotebookMetadata.Validate(new NotebookDocument([cell], meta));

        Assert.Contains(problems, p => p.Contains("kernelspec.name is 'python3'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("cell 1 is for kernel 'fsharp'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("stored outputs", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("parameters", StringComparison.Ordinal));
    }
}
