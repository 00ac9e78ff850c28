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

    /// <summary>Name of the DSSM experiment (notebook 02).</summary>
    public const string DssmName = "DSSM";

    /// <summary>Name of the CORE experiment (notebook 03).</summary>
    public const string CoreName = "CORE";

    /// <summary>Name of the series' final experiment through the service (notebook 05).</summary>
    public const string SeriesName = "SERIES";

    /// <summary>DSSM's arms against the baselines, StickyArtist as control: C StickyArtist, T1 Random, T2 TopPop, and the
    /// model served three ways: T3 a random pick of the user's top-100 (the course's Indexed), T4 the ranked walk that
    /// skips played tracks (the homework's), T5 the list re-ranked by the session's liked tracks (RecLab's).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> DssmArms(string model) =>
    [
        new("C", "sticky-artist"),
        new("T1", "random"),
        new("T2", "toppop"),
        new("T3", $"dssm:{model}"),
        new("T4", $"dssm-ranked:{model}"),
        new("T5", $"dssm-session:{model}"),
    ];

    /// <summary>CORE's arms against StickyArtist (control) and, when a DSSM model is given, DSSM's session arm: CORE-ave and
    /// CORE-trm online, CORE-trm restarted on skips, and the user's CORE-trm top-100 walked in rank order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> CoreArms(string ave, string trm, string? dssm = null)
    {
        var specs = new List<string> { "sticky-artist" };
        if (dssm is not null) specs.Add($"dssm-session:{dssm}");
        specs.AddRange([$"core:{ave}", $"core:{trm}", $"core-restart:{trm}", $"core-ranked:{trm}"]);
        return specs.Select((spec, i) => new KeyValuePair<string, string>(i == 0 ? "C" : $"T{i}", spec)).ToList();
    }

    /// <summary>The series' final experiment: StickyArtist (control), TopPop, and each trained model given (DSSM's session
    /// arm, CORE online); the baselines when no model is given.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> SeriesArms(string? dssm, string? core)
    {
        if (dssm is null && core is null) return BaselineArms;
        var specs = new List<string> { "sticky-artist", "toppop" };
        if (dssm is not null) specs.Add($"dssm-session:{dssm}");
        if (core is not null) specs.Add($"core:{core}");
        return specs.Select((spec, i) => new KeyValuePair<string, string>(i == 0 ? "C" : $"T{i}", spec)).ToList();
    }

    /// <summary>An A/A experiment: every user in one arm C served by <paramref name="spec"/> (a pre-period for CUPED, or a calibration run).</summary>
    public static Experiment SingleArm(RecommenderFactory factory, string name = "PRE", string spec = "random") => Experiment.Create(name, factory, spec);
}
