using RecLab.Cli.Notebooks;
using RecLab.Notebooks;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Cli.Notebooks;

[Collection(NotebookEngineCollection.Name)]
public sealed class NotebookEngineTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly NotebookEngine _engine = new(KitPackages.FromRunningApp());

    public void Dispose() => _dir.Dispose();

    private Task<NotebookRun> Run(NotebookBuilder notebook, Dictionary<string, string>? parameters = null) =>
        _engine.RunAsync(notebook.Save(_dir), parameters ?? []);

    private static string Plain(CellOutput output) => output switch
    {
        ExecuteResultOutput r => r.Data["text/plain"],
        DisplayDataOutput d => d.Data.GetValueOrDefault("text/plain") ?? "",
        StreamOutput s => s.Text,
        _ => "",
    };

    [Fact]
    public async Task State_is_carried_across_cells_and_a_trailing_expression_is_displayed()
    {
        var run = await Run(new NotebookBuilder().Markdown("# t").Code("var x = 20;").Code("x + 22"));

        Assert.True(run.Succeeded, run.FailureSummary);
        var result = Assert.IsType<ExecuteResultOutput>(Assert.Single(run.Executed.Cells[2].Outputs));
        Assert.Equal("42", result.Data["text/plain"]);
        Assert.Equal(2, result.ExecutionCount);
        Assert.Empty(run.Executed.Cells[1].Outputs);
    }

    [Fact]
    public async Task A_type_declared_in_one_cell_is_usable_in_the_next()
    {
        var run = await Run(new NotebookBuilder()
            .Code("public record Point(int X, int Y) { public int Sum => X + Y; }\nclass Counter { public int N; }")
            .Code("var c = new Counter { N = 4 };\nnew Point(c.N, 5).Sum"));

        Assert.True(run.Succeeded, run.FailureSummary);
        Assert.Equal("9", Plain(Assert.Single(run.Executed.Cells[1].Outputs)));
    }

    [Fact]
    public async Task Void_calls_and_statements_display_nothing_but_strings_display_as_plain_text()
    {
        var run = await Run(new NotebookBuilder().Code("Console.Write(\"\")").Code("int y = 3;").Code("\"hello\""));

        Assert.Empty(run.Executed.Cells[0].Outputs);
        Assert.Empty(run.Executed.Cells[1].Outputs);
        var text = Assert.IsType<ExecuteResultOutput>(Assert.Single(run.Executed.Cells[2].Outputs));
        Assert.Equal(["text/plain"], text.Data.Keys);
        Assert.Equal("hello", text.Data["text/plain"]);
    }

    [Fact]
    public async Task Display_shows_values_as_HTML_and_can_update_them_later()
    {
        var run = await Run(new NotebookBuilder()
            .Code("var shown = display(new { Name = \"a\", Value = 1 });\ndisplay(\"plain\");")
            .Code("shown.Update(new { Name = \"b\", Value = 2 });"));

        Assert.True(run.Succeeded, run.FailureSummary);
        var outputs = run.Executed.Cells[0].Outputs;
        Assert.Equal(2, outputs.Count);
        var first = Assert.IsType<DisplayDataOutput>(outputs[0]);
        Assert.Contains("Name", first.Data["text/html"]);
        Assert.Contains(">b<", first.Data["text/html"]);
        Assert.DoesNotContain(">a<", first.Data["text/html"]);
        Assert.Equal("plain", Assert.IsType<DisplayDataOutput>(outputs[1]).Data["text/plain"]);
    }

    [Fact]
    public async Task Standard_output_and_error_are_captured_as_streams()
    {
        var run = await Run(new NotebookBuilder().Code("Console.WriteLine(\"hello\");\nConsole.Write(\"wor\");\nConsole.WriteLine(\"ld\");\nConsole.Error.WriteLine(\"careful\");"));

        var outputs = run.Executed.Cells[0].Outputs;
        Assert.Equal(new StreamOutput("stdout", "hello\nworld\n"), outputs[0]);
        Assert.Equal(new StreamOutput("stderr", "careful\n"), outputs[1]);
    }

    [Fact]
    public async Task The_first_failing_cell_stops_the_run_and_names_the_cell_and_the_error()
    {
        var run = await Run(new NotebookBuilder()
            .Markdown("# t")
            .Code("var a = 1;")
            .Code("throw new InvalidOperationException(\"boom\");")
            .Code("Console.WriteLine(\"never\");"));

        Assert.False(run.Succeeded);
        Assert.Equal(3, run.Failure!.CellNumber);
        Assert.Contains("InvalidOperationException: boom", run.Failure.Message);
        Assert.Contains("cell 3 failed", run.FailureSummary);
        var error = Assert.IsType<ErrorOutput>(Assert.Single(run.Executed.Cells[2].Outputs));
        Assert.Equal("System.InvalidOperationException", error.Name);
        Assert.Null(run.Executed.Cells[3].ExecutionCount);
        Assert.Empty(run.Executed.Cells[3].Outputs);
    }

    [Fact]
    public async Task A_compile_error_names_the_diagnostic_and_the_line_in_the_cell()
    {
        var run = await Run(new NotebookBuilder().Code("var ok = 1;\nvar bad = missing + 1;"));

        Assert.Equal(1, run.Failure!.CellNumber);
        Assert.StartsWith("CS0103:", run.Failure.Message);
        Assert.Contains("'missing'", run.Failure.Message);
        Assert.Contains("(line 2)", run.Failure.Message);
    }

    [Fact]
    public async Task Parameters_are_overridden_through_an_injected_cell_typed_by_the_declarations()
    {
        var notebook = new NotebookBuilder()
            .Code("// set-up")
            .Code("int episodes = 1000;\nstring arm = \"C\";\ndouble rate = 0.5;\nbool full = false;", "parameters")
            .Code("$\"{episodes}|{arm}|{rate}|{full}\"");

        var run = await Run(notebook, new() { ["episodes"] = "25", ["arm"] = "T1 \"quoted\"", ["rate"] = "0.125", ["full"] = "true" });

        Assert.True(run.Succeeded, run.FailureSummary);
        var injected = run.Executed.Cells[2];
        Assert.Contains("injected-parameters", injected.Tags);
        Assert.Contains("episodes = 25;", injected.Source);
        Assert.Equal("25|T1 \"quoted\"|0.125|True", Plain(Assert.Single(run.Executed.Cells[3].Outputs)));
    }

    [Fact]
    public async Task A_parameter_value_of_the_wrong_type_or_an_unknown_parameter_is_bad_input_naming_it_and_its_type()
    {
        var notebook = new NotebookBuilder().Code("int episodes = 10;", "parameters").Code("episodes");

        var wrongType = await Assert.ThrowsAsync<NotebookParameterException>(() => Run(notebook, new() { ["episodes"] = "many" }));
        var unknown = await Assert.ThrowsAsync<NotebookParameterException>(() => Run(notebook, new() { ["epsiodes"] = "5" }));

        Assert.Contains("test.ipynb: parameter 'episodes' expects int, but 'many' is not one", wrongType.Message);
        Assert.Contains("test.ipynb: parameter 'epsiodes' is not declared in the parameters cell (declared: episodes)", unknown.Message);
    }

    [Fact]
    public async Task An_enum_parameter_takes_a_member_name_in_any_case_and_refuses_numbers_and_other_names()
    {
        var notebook = new NotebookBuilder()
            .Code("System.DayOfWeek day = System.DayOfWeek.Monday;", "parameters")
            .Code("day.ToString()");

        var named = await Run(notebook, new() { ["day"] = "friday" });
        var number = await Assert.ThrowsAsync<NotebookParameterException>(() => Run(notebook, new() { ["day"] = "7" }));
        var other = await Assert.ThrowsAsync<NotebookParameterException>(() => Run(notebook, new() { ["day"] = "Someday" }));

        Assert.True(named.Succeeded, named.FailureSummary);
        Assert.Equal("Friday", Plain(Assert.Single(named.Executed.Cells[^1].Outputs)).Trim('"'));
        Assert.Contains("parameter 'day' expects global::System.DayOfWeek, one of Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday; '7' is not one", number.Message);
        Assert.Contains("'Someday' is not one", other.Message);
    }

    [Fact]
    public async Task Parameters_for_a_notebook_without_a_parameters_cell_are_refused()
    {
        var error = await Assert.ThrowsAsync<NotebookParameterException>(() => Run(new NotebookBuilder().Code("1"), new() { ["x"] = "1" }));

        Assert.Contains("no cell is tagged 'parameters'", error.Message);
    }

    [Fact]
    public async Task Nuget_references_resolve_to_the_kits_own_assemblies_and_absolute_i_lines_are_accepted()
    {
        var run = await Run(new NotebookBuilder()
            .Code($"#i \"nuget: {AppContext.BaseDirectory}\"\n#i \"nuget: https://api.nuget.org/v3/index.json\"\n#r \"nuget: RecLab, 0.1.0\"\n#r \"nuget: Plotly.NET, 5.0.0\"\nusing RecLab;")
            .Code("new SeedSequence(1).Derive(\"a\") == new SeedSequence(1).Derive(\"a\")"));

        Assert.True(run.Succeeded, run.FailureSummary);
        Assert.Equal("True", Plain(run.Executed.Cells[1].Outputs.Single()));
        var note = Assert.IsType<StreamOutput>(Assert.Single(run.Executed.Cells[0].Outputs));
        Assert.Contains("uses the kit's Plotly.NET 6.0.0", note.Text);
    }

    [Fact]
    public async Task A_relative_i_source_fails_as_in_the_kernel_naming_the_line_and_the_fix()
    {
        var run = await Run(new NotebookBuilder().Code("// set-up\n#i \"nuget: ../artifacts/packages\"\n#r \"nuget: RecLab\""));

        Assert.Equal(1, run.Failure!.CellNumber);
        Assert.Contains("line 2: '#i \"nuget: ../artifacts/packages\"' is a relative package source", run.Failure.Message);
        Assert.Contains("absolute path", run.Failure.Message);
    }

    [Fact]
    public async Task The_kit_is_shared_with_the_host_so_library_statics_are_the_same_objects()
    {
        var run = await Run(new NotebookBuilder()
            .Code("#r \"nuget: RecLab\"")
            .Code("RecLab.Notebooks.NotebookDisplay.IsActive"));

        Assert.Equal("True", Plain(run.Executed.Cells[1].Outputs.Single()));
    }

    [Fact]
    public async Task An_unknown_package_is_a_clear_error_naming_it()
    {
        var run = await Run(new NotebookBuilder().Code("#r \"nuget: NoSuchPackage, 1.2.3\""));

        Assert.Equal(1, run.Failure!.CellNumber);
        Assert.Contains("package 'NoSuchPackage' is not shipped with RecLab's headless engine", run.Failure.Message);
        Assert.Contains("RecLab", run.Failure.Message);
    }

    [Fact]
    public async Task Magic_commands_other_than_the_CSharp_selector_time_and_who_are_refused_naming_the_cell()
    {
        var ok = await Run(new NotebookBuilder().Code("#!csharp\n1 + 1").Code("#!time\nvar z = 1 + 1;\nz").Code("#!who"));
        var bad = await Run(new NotebookBuilder().Markdown("# m").Code("#!fsharp\n1 + 1"));

        Assert.True(ok.Succeeded, ok.FailureSummary);
        Assert.Equal("2", Plain(ok.Executed.Cells[1].Outputs[0]));
        Assert.Matches(@"^Wall time: [\d.]+ms$", Plain(ok.Executed.Cells[1].Outputs[1]));
        Assert.Contains("z", Plain(ok.Executed.Cells[2].Outputs.Single()));
        Assert.Equal(2, bad.Failure!.CellNumber);
        Assert.Contains("magic command '#!fsharp' is not supported", bad.Failure.Message);
    }

    [Fact]
    public async Task Recorded_results_are_stored_in_the_executed_notebooks_metadata()
    {
        var run = await Run(new NotebookBuilder().Code("#r \"nuget: RecLab\"\nRecLab.Notebooks.NotebookResults.Record(\"answer\", 42);"));

        Assert.Equal(42, (int?)NotebookResults.Read(run.Executed)["answer"]);
    }

    [Fact]
    public async Task Relative_paths_resolve_from_the_notebooks_folder_as_in_the_kernel()
    {
        File.WriteAllText(_dir.File("data.txt"), "from the notebook folder");

        var run = await Run(new NotebookBuilder().Code("System.IO.File.ReadAllText(\"data.txt\")"));

        Assert.Equal("from the notebook folder", Plain(run.Executed.Cells[0].Outputs.Single()));
    }
}
