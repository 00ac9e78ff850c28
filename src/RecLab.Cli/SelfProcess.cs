using System.Diagnostics;

namespace RecLab.Cli;

/// <summary>Runs this same <c>reclab</c> as a child process: benchmarks measure a stage's own peak memory that way.</summary>
public static class SelfProcess
{
    /// <summary>Runs <c>reclab args...</c> and returns its exit code, standard output and standard error.</summary>
    public static (int ExitCode, string StdOut, string StdErr) Run(params string[] args)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(typeof(SelfProcess).Assembly.Location);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {host}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
