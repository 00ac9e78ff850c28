namespace RecLab.Reports;

/// <summary>What a homework report says besides the A/B analysis (see <see cref="HomeworkReport"/>).</summary>
public sealed record HomeworkReportOptions
{
    /// <summary>The report's title, e.g. "Homework: same-artist fallback anchored on the first track". Required.</summary>
    public required string Title { get; init; }

    /// <summary>The idea in a few sentences (Markdown). Default: none.</summary>
    public string Idea { get; init; } = "";

    /// <summary>The details: model variant, training options, how the recommender decides (Markdown). Default: none.</summary>
    public string Details { get; init; } = "";

    /// <summary>The verdict (Markdown), e.g. whether the claim held with the numbers. Default: none.</summary>
    public string Verdict { get; init; } = "";

    /// <summary>Arm name → what it serves (a spec or a class), shown beside the table. Default: none.</summary>
    public IReadOnlyDictionary<string, string> Served { get; init; } = new Dictionary<string, string>();

    /// <summary>Every seed of the run (name → value: world, simulation, service, training), in the order given. Default:
    /// none, which the report says plainly.</summary>
    public IReadOnlyDictionary<string, string> Seeds { get; init; } = new Dictionary<string, string>();

    /// <summary>The exact commands that reproduce the run from a clean checkout, in order. Default: none, which the
    /// report says plainly.</summary>
    public IReadOnlyList<string> Reproduce { get; init; } = [];

    /// <summary>Whether to render the effect chart as a PNG beside the Markdown (needs headless Chromium; without it the
    /// Markdown says so and links the HTML page). Default: true.</summary>
    public bool Png { get; init; } = true;

    /// <summary>Checks the fields; the message names the bad one.</summary>
    public HomeworkReportOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(Title)) throw new ArgumentException("homework report: 'Title' is required.", nameof(Title));
        if (Reproduce.Any(string.IsNullOrWhiteSpace)) throw new ArgumentException("homework report: a 'Reproduce' command is empty.", nameof(Reproduce));
        return this;
    }
}
