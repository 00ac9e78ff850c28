namespace RecLab.Tests.TestSupport;

/// <summary>Tests that run notebooks share process-wide state (console redirection, working directory), so they run
/// one at a time and not beside other collections.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebookEngineCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "notebook engine";
}
