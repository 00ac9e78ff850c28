using System.Text.Json.Nodes;
using RecLab.Notebooks;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Notebooks;

public sealed class NotebookDocumentTests
{
    [Fact]
    public void Round_trips_cells_outputs_and_metadata_through_nbformat_json()
    {
        using var dir = new TempDir();
        var cell = new NotebookCell("code", "var x = 1;\nx", NotebookMetadata.CSharpCell("parameters")) { ExecutionCount = 3 };
        cell.Outputs.Add(new StreamOutput("stdout", "a\nb\n"));
        cell.Outputs.Add(new ExecuteResultOutput(3, new Dictionary<string, string> { ["text/plain"] = "1" }));
        cell.Outputs.Add(new ErrorOutput("CS0103", "no such name", ["(1,1): CS0103"]));
        var notebook = new NotebookDocument([new NotebookCell("markdown", "# Title\ntext"), cell]);
        notebook.Save(dir.File("n.ipynb"));

        var loaded = NotebookDocument.Load(dir.File("n.ipynb"));

        Assert.Equal("Title", loaded.Title);
        var code = loaded.Cells[1];
        Assert.Equal("var x = 1;\nx", code.Source);
        Assert.Equal(["parameters"], code.Tags);
        Assert.Equal("csharp", code.KernelName);
        Assert.Equal(3, code.ExecutionCount);
        Assert.Equal(new StreamOutput("stdout", "a\nb\n"), code.Outputs[0]);
        Assert.Equal("1", ((ExecuteResultOutput)code.Outputs[1]).Data["text/plain"]);
        Assert.Equal(["(1,1): CS0103"], ((ErrorOutput)code.Outputs[2]).Traceback);
        Assert.Empty(NotebookMetadata.Validate(loaded));
    }

    [Fact]
    public void Sources_are_stored_as_arrays_of_lines_like_Jupyter_writes_them()
    {
        var json = JsonNode.Parse(new NotebookDocument([new NotebookCell("code", "a\nb\n\nc")]).ToJsonText())!;

        var source = json["cells"]![0]!["source"]!.AsArray().Select(l => (string?)l).ToList();
        Assert.Equal(["a\n", "b\n", "\n", "c"], source);
        Assert.Equal(4, (int?)json["nbformat"]);
    }

    [Theory]
    [InlineData("42", "cell 2: 'source' must be a string or an array of strings, not number 42")]
    [InlineData("[\"x = 1;\\n\", 7]", "cell 2: 'source[1]' must be a string or an array of strings, not number 7")]
    [InlineData("{\"code\": 1}", "cell 2: 'source' must be a string or an array of strings, not object")]
    public void A_cell_whose_source_is_not_text_is_refused_naming_file_cell_and_field(string source, string expected)
    {
        using var dir = new TempDir();
        var path = dir.File("odd.ipynb");
        File.WriteAllText(path, "{\"cells\": [{\"cell_type\": \"markdown\", \"metadata\": {}, \"source\": \"# t\"}, " +
                                $"{{\"cell_type\": \"code\", \"metadata\": {{}}, \"outputs\": [], \"source\": {source}}}], " +
                                "\"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");

        var error = Assert.Throws<InvalidDataException>(() => NotebookDocument.Load(path));

        Assert.StartsWith(path + ": ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_notebook_is_refused_with_its_name()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("bad.ipynb"), "{\"cells\": 3}");
        Assert.Contains("bad.ipynb", Assert.Throws<InvalidDataException>(() => NotebookDocument.Load(dir.File("bad.ipynb"))).Message);
        File.WriteAllText(dir.File("broken.ipynb"), "{ not json");
        Assert.Contains("broken.ipynb", Assert.Throws<InvalidDataException>(() => NotebookDocument.Load(dir.File("broken.ipynb"))).Message);
    }
}
