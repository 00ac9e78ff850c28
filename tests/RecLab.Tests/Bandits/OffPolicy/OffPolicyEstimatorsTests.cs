using RecLab.Bandits;
using RecLab.Bandits.OffPolicy;

namespace RecLab.Tests.Bandits.OffPolicy;

/// <summary>The estimators against their closed forms on a hand-made two-arm log, and IPS and DR unbiased over seeds.</summary>
public sealed class OffPolicyEstimatorsTests
{
    // One user, two arms. Behaviour π₀ = (0.25, 0.75); target π = (0.2, 0.8); reward model q̂ = (0.3, 0.6).
    private static readonly TabularPolicy Target = new("target", 1, 2, [0.2, 0.8]);
    private static readonly double[] Model = [0.3, 0.6];
    private static readonly LoggedRound[] Log =
    [
        new(0, 0, 0.25, 1), new(0, 1, 0.75, 0), new(0, 1, 0.75, 1), new(0, 1, 0.75, 1), new(0, 0, 0.25, 0),
    ];

    // Importance weights: arm 0: 0.2 / 0.25 = 0.8; arm 1: 0.8 / 0.75 = 16/15.
    private const double W0 = 0.8, W1 = 16.0 / 15;

    [Fact]
    public void Each_estimator_equals_its_closed_form_on_a_hand_made_log()
    {
        var dm = 0.2 * 0.3 + 0.8 * 0.6;
        var ips = (W0 * 1 + W1 * 0 + W1 * 1 + W1 * 1 + W0 * 0) / 5;
        var snips = (W0 + 2 * W1) / (2 * W0 + 3 * W1);
        var dr = dm + (W0 * (1 - 0.3) + W1 * (0 - 0.6) + W1 * (1 - 0.6) + W1 * (1 - 0.6) + W0 * (0 - 0.3)) / 5;
        // With τ = 1 only arm 0's weight (0.8) is trusted; arm 1's rounds fall back to the direct method.
        var switchDr = dm + (W0 * (1 - 0.3) + W0 * (0 - 0.3)) / 5;

        Assert.Equal(dm, OffPolicyEstimators.Estimate(OffPolicyEstimator.DirectMethod, Log, Target, Model), 12);
        Assert.Equal(ips, OffPolicyEstimators.Estimate(OffPolicyEstimator.Ips, Log, Target, Model), 12);
        Assert.Equal(snips, OffPolicyEstimators.Estimate(OffPolicyEstimator.SelfNormalizedIps, Log, Target, Model), 12);
        Assert.Equal(dr, OffPolicyEstimators.Estimate(OffPolicyEstimator.DoublyRobust, Log, Target, Model), 12);
        Assert.Equal(switchDr, OffPolicyEstimators.Estimate(OffPolicyEstimator.SwitchDoublyRobust, Log, Target, Model, switchThreshold: 1), 12);
        Assert.Equal(dr, OffPolicyEstimators.Estimate(OffPolicyEstimator.SwitchDoublyRobust, Log, Target, Model, switchThreshold: 2), 12);
    }

    [Fact]
    public void A_bootstrap_resample_is_the_estimate_on_the_rounds_it_names()
    {
        var ips = OffPolicyEstimators.Estimate(OffPolicyEstimator.Ips, Log, Target, Model, indices: [0, 0, 2]);

        Assert.Equal((W0 + W0 + W1) / 3, ips, 12);
    }

    [Fact]
    public void A_propensity_outside_zero_to_one_is_refused_naming_the_round()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            OffPolicyEstimators.Estimate(OffPolicyEstimator.Ips, [new(0, 0, 0.5, 1), new(0, 1, 0, 1)], Target, Model));

        Assert.Contains("round 1: propensity 0", error.Message);
    }

    [Fact]
    public void IPS_and_DR_are_unbiased_over_seeds_while_a_wrong_reward_model_biases_the_direct_method()
    {
        // Arms pay 0.3 and 0.7. Behaviour: ε-greedy towards arm 0 (π₀ = 0.7, 0.3); target: always arm 1 (true value 0.7).
        var environment = new ProbabilityTableEnvironment("two arms", 1, 2, [0.3f, 0.7f]);
        var behaviour = TabularPolicy.EpsilonGreedy("behaviour", 1, 2, [1, 0], 0.6);
        var target = TabularPolicy.Greedy("arm 1", 1, 2, [0, 1]);
        var wrong = new[] { 0.5, 0.2 };
        var truth = OffPolicyEstimators.TrueValue(environment, target);
        const int seeds = 400, rounds = 200;
        var (ips, dr, dm) = (new double[seeds], new double[seeds], new double[seeds]);
        for (var s = 0; s < seeds; s++)
        {
            var log = OffPolicyEvaluation.Log(environment, behaviour, new OffPolicyOptions { Rounds = rounds, Seed = (ulong)s });
            ips[s] = OffPolicyEstimators.Estimate(OffPolicyEstimator.Ips, log, target, wrong);
            dr[s] = OffPolicyEstimators.Estimate(OffPolicyEstimator.DoublyRobust, log, target, wrong);
            dm[s] = OffPolicyEstimators.Estimate(OffPolicyEstimator.DirectMethod, log, target, wrong);
        }

        Assert.Equal(0.7, truth, 6);
        // IPS's variance per round: E[w² r] − V² = (1/0.3)·0.7 − 0.49 = 1.843; its mean over seeds has standard error
        // sqrt(1.843 / (200 · 400)) = 0.0048, so 4 standard errors is 0.019.
        Assert.InRange(ips.Average(), truth - 0.019, truth + 0.019);
        Assert.InRange(dr.Average(), truth - 0.019, truth + 0.019);
        Assert.Equal(0.2, dm.Average(), 12);
    }

    [Fact]
    public void The_policy_factories_give_their_closed_form_propensities()
    {
        var greedy = TabularPolicy.EpsilonGreedy("eg", 1, 4, [0.1, 0.9, 0.3, 0.9], 0.2);
        var softmax = TabularPolicy.Softmax("sm", 1, 3, [0, 1, 2], 0.5);
        var sure = TabularPolicy.Thompson("ts", 1, 2, [900, 100], [100, 900], draws: 2000, seed: 3);
        var even = TabularPolicy.Thompson("ts0", 1, 2, [0, 0], [0, 0], draws: 4000, seed: 3);

        // Ties go to the lowest id: item 1 gets 1 − ε + ε/K = 0.85, the others ε/K = 0.05.
        Assert.Equal([0.05, 0.85, 0.05, 0.05], greedy.Row(0).ToArray().Select(p => Math.Round(p, 12)));
        var z = 1 + Math.Exp(2) + Math.Exp(4);
        Assert.Equal([1 / z, Math.Exp(2) / z, Math.Exp(4) / z], softmax.Row(0).ToArray().Select(p => Math.Round(p, 12)), new RoundedComparer());
        Assert.True(sure.Probability(0, 0) > 0.999 && sure.Probability(0, 1) > 0, "a near-certain winner, and no zero propensity");
        // Two flat posteriors win equally often: 0.5 within 4 standard errors of 4,000 draws (0.032).
        Assert.InRange(even.Probability(0, 0), 0.5 - 0.032, 0.5 + 0.032);
    }

    private sealed class RoundedComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-12;

        public int GetHashCode(double obj) => 0;
    }
}
