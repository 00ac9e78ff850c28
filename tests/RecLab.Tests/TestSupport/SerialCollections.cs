namespace RecLab.Tests.TestSupport;

/// <summary>Tests that run notebooks share process-wide state (console redirection, working directory), so they run
/// one at a time and not beside other collections.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebookEngineCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "notebook engine";
}

/// <summary>Tests that train with TorchSharp: its random generator is process-wide (dropout, negatives), so they run one
/// at a time, and a seeded run is reproducible.</summary>
[CollectionDefinition(Name)]
public sealed class TorchCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "torch";
}
