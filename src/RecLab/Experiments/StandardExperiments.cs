using RecLab.Recommenders;

namespace RecLab.Experiments;

/// <summary>The experiments the notebook series and the command line use by default, defined once.</summary>
public static class StandardExperiments
{
    /// <summary>Name of the baseline experiment.</summary>
    public const string BaselinesName = "BASELINES";

    /// <summary>The course's baselines as arms: C Random, T1 TopPop, T2 StickyArtist, T3 StickyArtist without repeats.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> BaselineArms { get; } =
    [
        new("C", "random"),
        new("T1", "toppop"),
        new("T2", "sticky-artist"),
        new("T3", "no-repeat(sticky-artist)"),
    ];

    /// <summary>The baseline experiment for a world.</summary>
    public static Experiment Baselines(RecommenderFactory factory, string name = BaselinesName) => Experiment.Create(name, factory, BaselineArms);

    /// <summary>An A/A experiment: every user in one arm C served by <paramref name="spec"/> (a pre-period for CUPED, or a calibration run).</summary>
    public static Experiment SingleArm(RecommenderFactory factory, string name = "PRE", string spec = "random") => Experiment.Create(name, factory, spec);
}
