using RecLab.Bandits;
using RecLab.Bandits.OffPolicy;

namespace RecLab.Tests.Bandits.OffPolicy;

public sealed class OffPolicyEvaluationTests
{
    // Two users, three items; user 0 likes item 2, user 1 likes item 0.
    private static readonly ProbabilityTableEnvironment Environment = new("two users", 2, 3, [0.1f, 0.2f, 0.8f, 0.7f, 0.3f, 0.1f]);

    [Fact]
    public void The_log_records_the_behaviours_propensities_and_draws_its_actions_with_them()
    {
        var behaviour = TabularPolicy.Softmax("softmax", 2, 3, ScoreTables.Truth(Environment), 0.5);

        var log = OffPolicyEvaluation.Log(Environment, behaviour, new OffPolicyOptions { Rounds = 60_000, Seed = 5 });

        Assert.All(log, r => Assert.Equal(behaviour.Probability(r.User, r.Item), r.Propensity));
        // Item 2 for user 0: softmax of (0.1, 0.2, 0.8) / 0.5, i.e. e^1.6 / (e^0.2 + e^0.4 + e^1.6) = 0.6285; the share of user 0's
        // rounds is within 4 standard errors (about 30,000 rounds: 0.011).
        var user0 = log.Where(r => r.User == 0).ToList();
        var expected = Math.Exp(1.6) / (Math.Exp(0.2) + Math.Exp(0.4) + Math.Exp(1.6));
        Assert.InRange(user0.Count(r => r.Item == 2) / (double)user0.Count, expected - 0.011, expected + 0.011);
    }

    [Fact]
    public void Each_target_gets_every_estimator_with_an_interval_around_its_estimate_and_the_true_value()
    {
        var behaviour = TabularPolicy.EpsilonGreedy("ε-greedy", 2, 3, ScoreTables.ItemMeans(Environment), 0.5);
        var personal = TabularPolicy.Greedy("personal", 2, 3, ScoreTables.Truth(Environment));

        var estimates = OffPolicyEvaluation.Run(Environment, behaviour, [personal], new OffPolicyOptions { Rounds = 20_000, BootstrapResamples = 200, Seed = 9 });

        Assert.Equal(Enum.GetValues<OffPolicyEstimator>(), estimates.Select(e => e.Estimator));
        // The personal greedy policy shows user 0 item 2 (0.8) and user 1 item 0 (0.7): true value (0.8 + 0.7) / 2.
        Assert.All(estimates, e => Assert.Equal(0.75, e.Truth, 6));
        Assert.All(estimates, e => Assert.InRange(e.Estimate, e.Lower, e.Upper));
        Assert.True(estimates.Single(e => e.Estimator == OffPolicyEstimator.Ips).Covers, "IPS's interval covers the truth on 20,000 rounds");
        Assert.True(estimates.Single(e => e.Estimator == OffPolicyEstimator.DoublyRobust).Covers, "DR's interval covers the truth");
        Assert.False(estimates.Single(e => e.Estimator == OffPolicyEstimator.DirectMethod).Covers, "the item-mean model cannot see the personal value");
    }

    [Fact]
    public void A_policy_whose_rows_do_not_sum_to_one_is_refused_naming_the_user()
    {
        var error = Assert.Throws<ArgumentException>(() => new TabularPolicy("bad", 2, 2, [0.5, 0.5, 0.5, 0.4]));

        Assert.Contains("user 1's probabilities sum to 0.9", error.Message);
    }
}
