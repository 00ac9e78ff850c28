using MathNet.Numerics.LinearAlgebra;
using RecLab.Bandits;
using RecLab.Bandits.Policies;

namespace RecLab.Tests.Bandits;

public sealed class UpdateRuleTests
{
    [Fact]
    public void Sherman_Morrison_keeps_the_inverse_equal_to_a_direct_inversion()
    {
        var model = new RidgeModel(5, lambda: 1.5);
        var a = Matrix<double>.Build.DenseIdentity(5) * 1.5;
        var b = Vector<double>.Build.Dense(5);
        var rng = new Rng(2);
        for (var n = 0; n < 200; n++)
        {
            var x = Enumerable.Range(0, 5).Select(_ => rng.NextGaussian()).ToArray();
            var r = rng.NextDouble() < 0.3 ? 1.0 : 0.0;
            model.Add(x, r);
            var v = Vector<double>.Build.DenseOfArray(x);
            a += v.OuterProduct(v);
            b += r * v;
        }

        var direct = a.Inverse();
        for (var i = 0; i < 5; i++)
            for (var j = 0; j < 5; j++)
                Assert.Equal(direct[i, j], model.Inverse[i * 5 + j], 12);
        var theta = direct * b;
        for (var i = 0; i < 5; i++) Assert.Equal(theta[i], model.Theta[i], 12);
        double[] probe = [0.5, -1, 2, 0, 1];
        var p = Vector<double>.Build.DenseOfArray(probe);
        Assert.Equal(p.DotProduct(direct * p), model.Variance(probe), 12);
    }

    [Fact]
    public void The_KL_UCB_bound_equals_a_plain_bisection()
    {
        static double Bisection(double p, double level)
        {
            double low = p, high = 1;
            for (var i = 0; i < 200; i++)
            {
                var mid = (low + high) / 2;
                if (KlUcbPolicy.Kl(p, mid) > level) high = mid;
                else low = mid;
            }
            return low;
        }

        foreach (var p in new[] { 0.0, 0.05, 0.3, 0.5, 0.75, 0.99 })
            foreach (var level in new[] { 1e-4, 0.01, 0.1, 0.5, 2.0 })
                Assert.Equal(Bisection(p, level), KlUcbPolicy.UpperBound(p, level), 9);
        Assert.Equal(0.75, KlUcbPolicy.UpperBound(0.75, 0));
        Assert.Equal(1.0, KlUcbPolicy.UpperBound(1.0, 0.3));
    }

    [Fact]
    public void KL_of_known_pairs_and_the_Lai_Robbins_constant_of_task_1()
    {
        // KL(0.4, 0.75) = 0.4 ln(0.4/0.75) + 0.6 ln(0.6/0.25) = 0.273888...
        Assert.Equal(0.4 * Math.Log(0.4 / 0.75) + 0.6 * Math.Log(0.6 / 0.25), KlUcbPolicy.Kl(0.4, 0.75), 12);
        // 4 × 0.35 / KL(0.4, 0.75) + 3 × 0.65 / KL(0.1, 0.75) = 7.16
        Assert.Equal(7.16, LaiRobbins.Constant(ItemProbabilityEnvironment.PopularItems), 2);
    }

    [Fact]
    public void Discounting_multiplies_old_counts_before_adding_the_new_batch()
    {
        var counts = new ArmCounts(2, discount: 0.5);

        counts.Add([0, 0, 1], [true, false, true]);
        counts.Add([0], [true]);

        // Item 0: pulls 2 × 0.5 + 1 = 2, successes 1 × 0.5 + 1 = 1.5; item 1: pulls 0.5, successes 0.5.
        Assert.Equal([2.0, 0.5], counts.Pulls.ToArray());
        Assert.Equal([1.5, 0.5], counts.Successes.ToArray());
        Assert.Equal(2.5, counts.Total);
        Assert.Equal(0.75, counts.Mean(0));
    }

    [Fact]
    public void A_sliding_window_forgets_batches_older_than_the_window()
    {
        var counts = new ArmCounts(2, window: 2);

        counts.Add([0, 0], [true, true]);
        counts.Add([1], [false]);
        counts.Add([0], [false]);

        Assert.Equal([1.0, 1.0], counts.Pulls.ToArray());
        Assert.Equal([0.0, 0.0], counts.Successes.ToArray());
        Assert.Equal(double.PositiveInfinity, new ArmCounts(3).Mean(2));
    }

    [Fact]
    public void Beta_draws_have_the_right_mean_and_variance()
    {
        var rng = new Rng(4);
        foreach (var (a, b) in new[] { (1.0, 1.0), (2.0, 8.0), (0.5, 0.5), (30.0, 70.0) })
        {
            var draws = Enumerable.Range(0, 100_000).Select(_ => Sampling.Beta(ref rng, a, b)).ToArray();
            var mean = draws.Average();
            var variance = draws.Select(d => (d - mean) * (d - mean)).Average();
            Assert.Equal(a / (a + b), mean, 2);
            Assert.Equal(a * b / ((a + b) * (a + b) * (a + b + 1)), variance, 3);
        }
    }

    [Fact]
    public void Personal_Thompson_ranks_by_each_pairs_posterior_mean_under_the_items_population_prior()
    {
        var environment = new ProbabilityTableEnvironment("hand-made", 3, 3, new float[9]);
        var policy = new PersonalThompsonPolicy(concentration: 1);
        policy.Reset(new BanditProblem(environment, new BanditSchedule(1, 3)), 5);

        policy.Update([0, 1], [0, 0], [true, false], 1);
        policy.Update([1], [1], [true], 2);
        policy.Update([0, 1], [2, 2], [false, false], 3);
        var slates = new int[3];
        policy.Recommend([0, 1, 2], slates, 4, final: true);

        // Item means (1 + s) / (2 + n): 2/4, 2/3, 1/4. Posterior mean (κm + s_u) / (κ + n_u) with κ = 1:
        // user 0: item 0 (0.5 + 1) / 2 = 0.75, item 1 0.667, item 2 0.25 / 2 = 0.125;
        // user 1: item 0 0.5 / 2 = 0.25, item 1 (0.667 + 1) / 2 = 0.833, item 2 0.125;
        // user 2 (no responses): the item means, item 1 first.
        Assert.Equal([0, 1, 1], slates);
    }
}
