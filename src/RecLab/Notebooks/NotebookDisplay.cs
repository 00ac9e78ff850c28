using System.Reflection;

namespace RecLab.Notebooks;

/// <summary>One run of a notebook cell.</summary>
/// <param name="Code">The cell's code: the same when the cell runs again.</param>
/// <param name="Run">An object that stands for this run alone (the kernel's command).</param>
public sealed record CellRun(string Code, object Run);

/// <summary>A value shown in a notebook output that can be replaced in place (progress, live tables).</summary>
public interface IDisplayHandle
{
    /// <summary>Replaces the shown value with <paramref name="value"/>.</summary>
    void Update(object value);
}

/// <summary>
/// Lets library code show and update values in the notebook it runs in, whether that is the .NET Interactive kernel
/// or RecLab's headless engine, without depending on either.
/// </summary>
/// <remarks>
/// The headless engine sets <see cref="Sink"/>; inside the .NET Interactive kernel, <see cref="BindToKernel"/> finds the
/// kernel's own <c>display</c> function by reflection (the kernel packages cannot be referenced at build time). Outside
/// notebooks nothing is bound and <see cref="Show"/> returns null, so callers fall back to the console.
/// </remarks>
public static class NotebookDisplay
{
    /// <summary>The function that shows a value in the current notebook and returns a handle to update it; null
    /// outside notebooks.</summary>
    public static Func<object, IDisplayHandle>? Sink { get; set; }

    /// <summary>Whether values can be shown in a notebook now.</summary>
    public static bool IsActive => Sink is not null;

    /// <summary>Whether an update of a shown value reaches the reader's view. True in the headless engine and in
    /// VS Code; false under Jupyter, where the .NET Interactive kernel sends <c>update_display_data</c> with another
    /// display id than the <c>display_data</c> it should replace, so updates never land (live displays then show only
    /// their final state: see <see cref="NotebookProgress"/>).</summary>
    public static bool LiveUpdates { get; set; } = true;

    /// <summary>The cell run in progress, or null where the host does not say: lets <see cref="PlotlyHtml"/> tell a
    /// cell run again (whose new outputs replace its old ones) from another cell.</summary>
    public static Func<CellRun?> CurrentCell { get; set; } = () => null;

    /// <summary>Shows <paramref name="value"/> in the current notebook; null outside notebooks.</summary>
    public static IDisplayHandle? Show(object value) => Sink?.Invoke(value);

    /// <summary>Binds <see cref="Sink"/> to the .NET Interactive kernel's <c>display</c> when running inside it.
    /// Returns whether a kernel was found. Keeps an existing sink (the headless engine's).</summary>
    public static bool BindToKernel()
    {
        if (Sink is not null) return true;
        var kernel = AppDomain.CurrentDomain.GetAssemblies()
            .FirstOrDefault(a => a.GetName().Name == "Microsoft.DotNet.Interactive")
            ?.GetType("Microsoft.DotNet.Interactive.Kernel");
        var display = kernel?.GetMethod("display", BindingFlags.Public | BindingFlags.Static, [typeof(object), typeof(string[])]);
        if (display is null) return false;
        LiveUpdates = !RunsUnderJupyter();
        CurrentCell = KernelSubmission(kernel!.Assembly);
        Sink = value =>
        {
            var shown = display.Invoke(null, [value, Array.Empty<string>()]);
            var update = shown?.GetType().GetMethod("Update", [typeof(object)]);
            return new ReflectedHandle(shown, update);
        };
        return true;
    }

    /// <summary>Whether this process is the kernel of a Jupyter front end (<c>dotnet-interactive jupyter ...</c>)
    /// rather than of VS Code (<c>dotnet-interactive stdio ...</c>).</summary>
    private static bool RunsUnderJupyter() =>
        Environment.GetCommandLineArgs().Skip(1).FirstOrDefault() is "jupyter";

    /// <summary>The code of the kernel's current submission (the whole cell, not one of the parts the kernel splits
    /// it into), read through <c>KernelInvocationContext.Current</c>.</summary>
    private static Func<CellRun?> KernelSubmission(Assembly interactive)
    {
        var current = interactive.GetType("Microsoft.DotNet.Interactive.KernelInvocationContext")
            ?.GetProperty("Current", BindingFlags.Public | BindingFlags.Static);
        if (current is null) return () => null;
        return () =>
        {
            var context = current.GetValue(null);
            var command = context?.GetType().GetProperty("Command")?.GetValue(context);
            (string? Code, object? Command) root = (null, null);
            for (var depth = 0; command is not null && depth < 16; depth++)
            {
                if (command.GetType().GetProperty("Code")?.GetValue(command) is string code) root = (code, command);
                command = command.GetType().GetProperty("Parent")?.GetValue(command);
            }
            return root is { Code: { } c, Command: { } run } ? new CellRun(c, run) : null;
        };
    }

    private sealed class ReflectedHandle(object? shown, MethodInfo? update) : IDisplayHandle
    {
        public void Update(object value) => update?.Invoke(shown, [value]);
    }
}
