using System.Globalization;
using System.Text;
using RecLab.Experiments;
using RecLab.Recommenders;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Experiments;

public sealed class MurmurHash3Tests
{
    /// <summary>Published MurmurHash3_x86_32 verification values (SMHasher's reference function, as republished with
    /// Appleby's MurmurHash3.cpp ports and the Python <c>mmh3</c> documentation): text (hashed as UTF-8), seed, hash.</summary>
    public static readonly TheoryData<string, uint, uint> Vectors = new()
    {
        { "", 0u, 0u },
        { "", 1u, 0x514E28B7u },
        { "", 0xffffffffu, 0x81F16F39u },
        { "\0\0\0\0", 0u, 0x2362F9DEu },
        { "\0", 0u, 0x514E28B7u },
        { "hello", 0u, 0x248BFA47u },
        { "abc", 0u, 0xB3DD93FAu },
        { "The quick brown fox jumps over the lazy dog", 0u, 0x2E4FF723u },
        { "a", 0x9747b28cu, 0x7FA09EA6u },
        { "aa", 0x9747b28cu, 0x5D211726u },
        { "aaa", 0x9747b28cu, 0x283E0130u },
        { "aaaa", 0x9747b28cu, 0x5A97808Au },
        { "abcd", 0x9747b28cu, 0xF0478627u },
        { "Hello, world!", 0x9747b28cu, 0x24884CBAu },
        { "ππππππππ", 0x9747b28cu, 0xD58063C1u },
        { "The quick brown fox jumps over the lazy dog", 0x9747b28cu, 0x2FA826CDu },
    };

    /// <summary>
    /// A pure-Python MurmurHash3_x86_32 written from Appleby's MurmurHash3.cpp (no <c>mmh3</c> module here), wrapped as
    /// <c>mmh3.hash(key, seed=0, signed=True)</c> behaves (UTF-8 of a str; a negative seed stands for its 32-bit pattern,
    /// as mmh3 documents), and the course's botify <c>experiment.py</c> rule on top of it:
    /// <c>self.hash = mmh3.hash(name)</c>, <c>assign(user) = mmh3.hash(str(user), self.hash, False) % split</c>.
    /// </summary>
    private const string CourseRule = """
        import json, sys

        def murmur3_x86_32(data, seed):
            c1, c2, m = 0xcc9e2d51, 0x1b873593, 0xFFFFFFFF
            rotl = lambda x, r: ((x << r) | (x >> (32 - r))) & m
            h = seed & m
            n = len(data) - len(data) % 4
            for i in range(0, n, 4):
                k = int.from_bytes(data[i:i + 4], 'little')
                k = rotl(k * c1 & m, 15) * c2 & m
                h = (rotl(h ^ k, 13) * 5 + 0xe6546b64) & m
            if len(data) > n:
                h ^= rotl(int.from_bytes(data[n:], 'little') * c1 & m, 15) * c2 & m
            h ^= len(data)
            h = (h ^ (h >> 16)) * 0x85ebca6b & m
            h = (h ^ (h >> 13)) * 0xc2b2ae35 & m
            return h ^ (h >> 16)

        def mmh3_hash(key, seed=0, signed=True):
            h = murmur3_x86_32(key.encode('utf-8'), seed & 0xFFFFFFFF)
            return h - (1 << 32) if signed and h >= 1 << 31 else h

        class Experiment:
            def __init__(self, name, split):
                self.split, self.hash = split, mmh3_hash(name)
            def assign(self, user):
                return mmh3_hash(str(user), self.hash, False) % self.split

        query = json.load(sys.stdin)
        print(json.dumps({
            'vectors': [murmur3_x86_32(v['text'].encode('utf-8'), v['seed']) for v in query['vectors']],
            'experiments': [{'hash': Experiment(e['name'], e['arms']).hash,
                             'arms': [Experiment(e['name'], e['arms']).assign(u) for u in query['users']]}
                            for e in query['experiments']],
        }))
        """;

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Matches_the_reference_vectors(string text, uint seed, uint expected) =>
        Assert.Equal(expected, MurmurHash3.Hash32(Encoding.UTF8.GetBytes(text), seed));

    [Fact]
    public void Users_go_to_the_arms_the_courses_python_rule_gives()
    {
        (string Name, int Arms)[] experiments =
            [("AA", 2), ("STICKY_ARTIST", 4), ("TOP_POP", 4), ("I2I", 3), ("ALL", 7), ("RECOMMENDERS", 5), ("HW2", 2),
             (StandardExperiments.BaselinesName, 4), (StandardExperiments.SeriesName, 9), ("ÜBER-Test", 3)];
        int[] users = [.. Enumerable.Range(0, 2_000), 9_999, 10_000, 123_456, 1_000_000, 99_999_999, int.MaxValue];
        var vectors = Vectors.Select(row => (Text: (string)row[0], Seed: (uint)row[1], Hash: (uint)row[2])).ToList();

        using var reference = PythonReference.Run(CourseRule, new
        {
            vectors = vectors.Select(v => new { text = v.Text, seed = v.Seed }),
            users,
            experiments = experiments.Select(e => new { name = e.Name, arms = e.Arms }),
        });

        // The reference is anchored first: it reproduces every published vector.
        Assert.Equal(vectors.Select(v => v.Hash), reference.RootElement.GetProperty("vectors").EnumerateArray().Select(v => v.GetUInt32()));
        var course = reference.RootElement.GetProperty("experiments").EnumerateArray().ToList();
        var random = new RandomRecommender(10);
        for (var e = 0; e < experiments.Length; e++)
        {
            var (name, count) = experiments[e];
            var experiment = new Experiment(name, [.. Enumerable.Range(0, count).Select(i => new Arm(Experiment.ArmName(i), "random", random))]);
            var expected = course[e].GetProperty("arms").EnumerateArray().Select(a => a.GetInt32()).ToList();

            Assert.Equal(unchecked((uint)course[e].GetProperty("hash").GetInt32()), experiment.Seed);
            Assert.Equal(expected, users.Select(experiment.ArmIndex));
            Assert.Equal(count, expected.Distinct().Count());
        }
    }

    [Fact]
    public void Users_spread_evenly_over_arms()
    {
        var experiment = Experiment.Create("STICKY", new RecommenderFactory(Worlds.Small), "random", "sticky-artist", "toppop");

        var counts = new int[3];
        for (var user = 0; user < 30_000; user++) counts[experiment.ArmIndex(user)]++;

        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
        Assert.Equal(["C", "T1", "T2"], experiment.Arms.Select(a => a.Name));
    }

    [Fact]
    public void An_experiment_needs_arms_with_distinct_names()
    {
        var random = new RandomRecommender(10);
        Assert.Throws<ArgumentException>(() => new Experiment("E", []));
        Assert.Contains("two arms called 'C'", Assert.Throws<ArgumentException>(() => new Experiment("E", [new Arm("C", "random", random), new Arm("C", "random", random)])).Message);
    }
}
