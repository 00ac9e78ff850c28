using System.Diagnostics;
using System.Text.Json;
using RecLab.Notebooks;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Series;

/// <summary>
/// VS Code's Polyglot Notebooks extension runs the same kernel tool as Jupyter, over its stdio protocol instead of
/// Jupyter's messages. The set-up cell of every notebook of the series, submitted that way in one session from notebooks/
/// (where VS Code starts the kernel for them), loads the packed library and prints the session line.
/// </summary>
public sealed class PolyglotKernelTests
{
    [Fact]
    public async Task The_set_up_cell_runs_over_the_kernel_tools_stdio_protocol_as_VS_Code_drives_it()
    {
        using var dir = new TempDir();
        var notebooks = Directory.GetFiles(RepoPaths.Notebooks, "*.ipynb").Order(StringComparer.Ordinal).ToList();
        var cells = notebooks.Select((path, i) =>
        {
            var file = dir.File($"setup-{i}.cs");
            File.WriteAllText(file, NotebookDocument.Load(path).Cells.First(c => c.IsCode).Source);
            return file;
        }).ToList();

        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(RepoPaths.Root, "tests", "RecLab.Tests", "Series", "kernel_stdio.py") }.Concat(cells).Concat(["--cwd", RepoPaths.Notebooks, "--timeout", "300"]))
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        using var summary = JsonDocument.Parse(stdout);
        var results = summary.RootElement.EnumerateArray().ToList();
        Assert.Equal(notebooks.Count, results.Count);
        for (var i = 0; i < results.Count; i++)
        {
            var name = Path.GetFileName(notebooks[i]);
            Assert.True(results[i].GetProperty("succeeded").GetBoolean(), $"{name}: {results[i]}");
            Assert.True(results[i].GetProperty("errors").GetArrayLength() == 0, $"{name}: {results[i]}");
            Assert.Contains(results[i].GetProperty("values").EnumerateArray(), v => v.GetString()!.StartsWith("RecLab 0.1.0-local-", StringComparison.Ordinal));
        }
    }
}
