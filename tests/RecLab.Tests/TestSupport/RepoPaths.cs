namespace RecLab.Tests.TestSupport;

/// <summary>Paths of the repository the tests run from.</summary>
public static class RepoPaths
{
    /// <summary>The folder holding RecLab.slnx.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The notebook series.</summary>
    public static string Notebooks => Path.Combine(Root, "notebooks");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RecLab.slnx"))) return dir.FullName;
        throw new InvalidOperationException("RecLab.slnx not found above " + AppContext.BaseDirectory);
    }
}
