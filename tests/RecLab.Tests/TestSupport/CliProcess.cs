using System.Diagnostics;

namespace RecLab.Tests.TestSupport;

/// <summary>Runs the built <c>reclab</c> command (RecLab.Cli.dll beside the tests) as a child process.</summary>
public static class CliProcess
{
    /// <summary>What the process did.</summary>
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    /// <summary>Runs <c>dotnet RecLab.Cli.dll args...</c> in <paramref name="workingDirectory"/> and waits for it.</summary>
    public static async Task<Result> RunAsync(string workingDirectory, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RecLab.Cli.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"reclab {string.Join(' ', args)} did not finish within {timeout}.");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
