namespace RecLab.Platform;

/// <summary>How a check of the environment came out.</summary>
public enum CheckStatus
{
    /// <summary>Present and working.</summary>
    Ok,
    /// <summary>Optional and missing, or working with a caveat; RecLab still runs.</summary>
    Warning,
    /// <summary>Required and not working; RecLab cannot do the work that needs it.</summary>
    Failed,
}

/// <summary>One line of <c>reclab doctor</c>.</summary>
/// <param name="Name">What was checked, e.g. <c>TorchSharp native backend</c>.</param>
/// <param name="Status">How it came out.</param>
/// <param name="Value">What was found (versions, device names, addresses).</param>
/// <param name="Advice">What to do about a warning or failure; null when there is nothing to do.</param>
public sealed record EnvironmentCheck(string Name, CheckStatus Status, string Value, string? Advice = null);
