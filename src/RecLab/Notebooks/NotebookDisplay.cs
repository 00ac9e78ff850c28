using System.Reflection;

namespace RecLab.Notebooks;

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
        Sink = value =>
        {
            var shown = display.Invoke(null, [value, Array.Empty<string>()]);
            var update = shown?.GetType().GetMethod("Update", [typeof(object)]);
            return new ReflectedHandle(shown, update);
        };
        return true;
    }

    private sealed class ReflectedHandle(object? shown, MethodInfo? update) : IDisplayHandle
    {
        public void Update(object value) => update?.Invoke(shown, [value]);
    }
}
