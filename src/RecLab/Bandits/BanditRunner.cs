using System.Diagnostics;

namespace RecLab.Bandits;

/// <summary>One policy's run on one task with one seed.</summary>
/// <param name="Policy">Policy name.</param>
/// <param name="Task">Task name.</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="Reward">Per iteration: positive responses per sampled user (the reference's metric).</param>
/// <param name="ExpectedReward">Per iteration: the expected positives per sampled user of the slates shown.</param>
/// <param name="Regret">Per iteration: expected positives the oracle would have got minus those of the slates, summed over the sampled users.</param>
/// <param name="Pulls">Per iteration: items shown (sampled users × K).</param>
/// <param name="FinalScore">Positive responses per user in the final pass, where every user gets K items.</param>
/// <param name="FinalExpected">Expected positives per user of the final pass's slates.</param>
/// <param name="PolicyTime">Time spent in the policy (recommend and update), all iterations.</param>
/// <param name="Elapsed">Wall time of the whole run.</param>
public sealed record BanditRun(string Policy, string Task, ulong Seed, double[] Reward, double[] ExpectedReward, double[] Regret,
    long[] Pulls, double FinalScore, double FinalExpected, TimeSpan PolicyTime, TimeSpan Elapsed)
{
    /// <summary>Cumulative regret after each iteration.</summary>
    public double[] CumulativeRegret
    {
        get
        {
            var sum = 0.0;
            return Regret.Select(r => sum += r).ToArray();
        }
    }

    /// <summary>Iterations (with the final pass) per second of wall time.</summary>
    public double IterationsPerSecond => (Reward.Length + 1) / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>
/// The reference's loop: each iteration samples about 10% of users (an independent draw per user), the policy recommends
/// K distinct items to each, every shown item gets an independent Bernoulli(p) response, and the policy updates from
/// the batch; after the last iteration a final pass gives every user K items. User sampling and responses come from
/// streams of the run's seed and the policy from its own, so the same seed gives the same run.
/// </summary>
public static class BanditRunner
{
    /// <summary>Runs <paramref name="policy"/> on <paramref name="environment"/>.</summary>
    /// <exception cref="InvalidOperationException">The policy returned an item out of range or twice in one slate.</exception>
    public static BanditRun Run(IBanditEnvironment environment, BanditSchedule schedule, IBanditPolicy policy, ulong seed)
    {
        var clock = Stopwatch.StartNew();
        var problem = new BanditProblem(environment, schedule);
        var seeds = new SeedSequence(seed);
        policy.Reset(problem, seeds.Derive("policy/" + policy.Name));
        var oracle = new Oracle(environment, schedule.K);
        var (iterations, k) = (schedule.Iterations, schedule.K);
        var reward = new double[iterations];
        var expected = new double[iterations];
        var regret = new double[iterations];
        var pulls = new long[iterations];
        var policyTime = TimeSpan.Zero;
        var users = new List<int>(environment.Users);
        for (var t = 1; t <= iterations; t++)
        {
            var sampler = Rng.For(seeds.Derive("users"), t);
            users.Clear();
            for (var u = 0; u < environment.Users; u++)
                if (sampler.NextDouble() < schedule.SampleRate) users.Add(u);
            var (positives, expectedSum, oracleSum, slates, responses, time) = Step(environment, policy, users, k, t, final: false, Rng.For(seeds.Derive("responses"), t), oracle);
            var update = Stopwatch.StartNew();
            policy.Update(users.ToArray(), slates, responses, t);
            policyTime += time + update.Elapsed;
            var n = Math.Max(users.Count, 1);
            reward[t - 1] = (double)positives / n;
            expected[t - 1] = expectedSum / n;
            regret[t - 1] = oracleSum - expectedSum;
            pulls[t - 1] = (long)users.Count * k;
        }
        var everyone = Enumerable.Range(0, environment.Users).ToList();
        var final = Step(environment, policy, everyone, k, iterations + 1, final: true, Rng.For(seeds.Derive("responses"), iterations + 1), oracle);
        policyTime += final.Time;
        return new BanditRun(policy.Name, environment.Name, seed, reward, expected, regret, pulls,
            (double)final.Positives / environment.Users, final.Expected / environment.Users, policyTime, clock.Elapsed);
    }

    private static (long Positives, double Expected, double Oracle, int[] Slates, bool[] Responses, TimeSpan Time) Step(
        IBanditEnvironment environment, IBanditPolicy policy, List<int> users, int k, int iteration, bool final, Rng responder, Oracle oracle)
    {
        var ids = users.ToArray();
        var slates = new int[ids.Length * k];
        var clock = Stopwatch.StartNew();
        policy.Recommend(ids, slates, iteration, final);
        var time = clock.Elapsed;
        var responses = new bool[slates.Length];
        long positives = 0;
        double expected = 0, best = 0;
        for (var u = 0; u < ids.Length; u++)
        {
            var slate = slates.AsSpan(u * k, k);
            for (var s = 0; s < k; s++)
            {
                var item = slate[s];
                if ((uint)item >= (uint)environment.Items || slate[..s].Contains(item))
                    throw new InvalidOperationException($"policy {policy.Name} recommended item {item} {(slate[..s].Contains(item) ? "twice" : "out of range")} to user {ids[u]} at iteration {iteration}.");
                var p = environment.Probability(ids[u], item, iteration);
                expected += p;
                if (responder.NextDouble() < p)
                {
                    responses[u * k + s] = true;
                    positives++;
                }
            }
            best += oracle.Best(ids[u], iteration);
        }
        return (positives, expected, best, slates, responses, time);
    }

    /// <summary>The best K-item slate's expected positives per user, cached per user for tasks whose probabilities do
    /// not change (every task but drift).</summary>
    private sealed class Oracle(IBanditEnvironment environment, int k)
    {
        private readonly Dictionary<int, double[]> _byIteration = [];
        private readonly bool _static = environment is ProbabilityTableEnvironment || environment.GetType() == typeof(ItemProbabilityEnvironment);

        public double Best(int user, int iteration)
        {
            var key = _static ? 0 : iteration;
            if (!_byIteration.TryGetValue(key, out var best))
            {
                best = new double[environment.Users];
                var uniform = environment is ItemProbabilityEnvironment;
                Parallel.For(0, uniform ? 1 : environment.Users, u =>
                {
                    var row = new double[environment.Items];
                    for (var i = 0; i < row.Length; i++) row[i] = environment.Probability(u, i, iteration);
                    best[u] = BanditLandscape.TopSum(row, k);
                });
                if (uniform) Array.Fill(best, best[0]);
                _byIteration[key] = best;
            }
            return best[user];
        }
    }
}
