using Spectre.Console;

namespace RecLab.Cli;

/// <summary>
/// The command line's consoles, bound to the real standard streams at start-up (the notebook engine redirects
/// <see cref="Console.Out"/> while cells run): progress and messages go to standard error, results to standard output.
/// </summary>
public static class Terminal
{
    /// <summary>Standard output, for results (tables, JSON).</summary>
    public static IAnsiConsole Out { get; } = Create(Console.Out, Console.IsOutputRedirected);

    /// <summary>Standard error, for progress and diagnostics.</summary>
    public static IAnsiConsole Err { get; } = Create(Console.Error, Console.IsErrorRedirected);

    /// <summary>The raw standard output writer captured at start-up.</summary>
    public static TextWriter StdOut { get; } = Console.Out;

    /// <summary>The raw standard error writer captured at start-up.</summary>
    public static TextWriter StdErr { get; } = Console.Error;

    /// <summary>Prints <c>error: message</c> on one line of standard error (never wrapped, so scripts can match it)
    /// and returns <paramref name="exitCode"/>.</summary>
    public static int Fail(string message, int exitCode = 1)
    {
        StdErr.WriteLine($"error: {message}");
        return exitCode;
    }

    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected) console.Profile.Width = 200;
        return console;
    }

    /// <summary>
    /// Runs a command's work and turns the errors a user can fix (missing files, bad input, bad arguments) into one
    /// clear line and exit code 2, instead of a stack trace.
    /// </summary>
    public static async Task<int> Guard(Func<Task<int>> work)
    {
        try
        {
            return await work();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or InvalidDataException or ArgumentException or FormatException)
        {
            return Fail(e.Message, 2);
        }
    }
}
