using System.Globalization;
using RecLab.Recommenders;

namespace RecLab.Experiments;

/// <summary>
/// A named A/B experiment with N arms. A user's arm follows the course's rule,
/// <c>murmur3_32(str(user), seed = murmur3_32(name)) % arms</c> on unsigned values, so a user lands in the same arm
/// as in the course, in every process and every replica.
/// </summary>
public sealed class Experiment
{
    /// <summary>Creates the experiment.</summary>
    /// <exception cref="ArgumentException">No name, no arms, or two arms with one name.</exception>
    public Experiment(string name, IReadOnlyList<Arm> arms)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("an experiment needs a name.", nameof(name));
        if (arms.Count == 0) throw new ArgumentException($"experiment '{name}' has no arms.", nameof(arms));
        var duplicate = arms.GroupBy(a => a.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"experiment '{name}' has two arms called '{duplicate.Key}'.", nameof(arms));
        Name = name;
        Arms = arms;
        Seed = MurmurHash3.Hash32(name);
    }

    /// <summary>The experiment's name, as logged.</summary>
    public string Name { get; }

    /// <summary>The arms in order; the first is the control by convention (C).</summary>
    public IReadOnlyList<Arm> Arms { get; }

    /// <summary>The hash seed, <c>murmur3_32(name)</c>.</summary>
    public uint Seed { get; }

    /// <summary>The course's arm names by position: C, T1, T2, ...</summary>
    public static string ArmName(int index) => index == 0 ? "C" : $"T{index}";

    /// <summary>Builds an experiment whose arms are named C, T1, ... in the order of <paramref name="specs"/>.</summary>
    public static Experiment Create(string name, RecommenderFactory factory, params string[] specs) =>
        new(name, specs.Select((s, i) => new Arm(ArmName(i), s, factory.Build(s))).ToList());

    /// <summary>Builds an experiment from (arm name, spec) pairs, in order.</summary>
    public static Experiment Create(string name, RecommenderFactory factory, IEnumerable<KeyValuePair<string, string>> arms) =>
        new(name, arms.Select(a => new Arm(a.Key, a.Value, factory.Build(a.Value))).ToList());

    /// <summary>Arm name → what it serves (<see cref="RecommenderSpec.Label"/>), for tables and charts.</summary>
    public IReadOnlyDictionary<string, string> Labels => Arms.ToDictionary(a => a.Name, a => RecommenderSpec.Parse(a.Spec).Label);

    /// <summary>The index of <paramref name="user"/>'s arm.</summary>
    public int ArmIndex(int user) => (int)(MurmurHash3.Hash32(user.ToString(CultureInfo.InvariantCulture), Seed) % (uint)Arms.Count);

    /// <summary><paramref name="user"/>'s arm.</summary>
    public Arm ArmOf(int user) => Arms[ArmIndex(user)];
}
