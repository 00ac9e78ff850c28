using System.Diagnostics;
using System.Text.Json;

namespace RecLab.Tests.TestSupport;

/// <summary>
/// Runs a reference implementation in Debian's Python (SciPy, PyTorch; installed by environment/setup.sh) and returns
/// the JSON it prints. Numerical code is checked against these, not against itself.
/// </summary>
public static class PythonReference
{
    /// <summary>Debian's interpreter, which sees Debian's python3-scipy and python3-torch.</summary>
    public const string Python = "/usr/bin/python3";

    /// <summary>Runs <paramref name="script"/> with <paramref name="input"/> serialised as JSON on standard input.</summary>
    public static JsonDocument Run(string script, object input)
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: run bash environment/setup.sh (the test command does).");
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        process.StandardInput.Write(JsonSerializer.Serialize(input));
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "the Python reference did not finish in 2 minutes");
        Assert.True(process.ExitCode == 0, $"the Python reference failed: {stderr.Result}");
        return JsonDocument.Parse(stdout.Result);
    }
}
