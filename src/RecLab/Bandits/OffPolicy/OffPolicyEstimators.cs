namespace RecLab.Bandits.OffPolicy;

/// <summary>The estimators of off-policy evaluation.</summary>
public enum OffPolicyEstimator
{
    /// <summary>Direct method: the reward model's value of the target policy, <c>mean_i Σ_a π(a|x_i) q̂(x_i, a)</c>.</summary>
    DirectMethod,
    /// <summary>Inverse propensity scoring: <c>mean_i w_i r_i</c> with <c>w_i = π(a_i|x_i) / π₀(a_i|x_i)</c> (Horvitz &amp; Thompson 1952).</summary>
    Ips,
    /// <summary>Self-normalised IPS: <c>Σ w_i r_i / Σ w_i</c> (Swaminathan &amp; Joachims 2015).</summary>
    SelfNormalizedIps,
    /// <summary>Doubly robust: the direct method plus IPS on its residuals, <c>mean_i [Σ_a π q̂ + w_i (r_i − q̂(x_i, a_i))]</c>
    /// (Dudík, Langford &amp; Li 2011).</summary>
    DoublyRobust,
    /// <summary>Switch-DR: the doubly robust correction only where <c>w_i ≤ τ</c>, the direct method alone elsewhere
    /// (Wang, Agarwal &amp; Dudík 2017).</summary>
    SwitchDoublyRobust,
}

/// <summary>
/// Per-round terms of each off-policy estimator, from a log of a behaviour policy's rounds, the target policy's action
/// distribution and a reward model <c>q̂(user, item)</c>. The estimate is the mean of the terms (for self-normalised
/// IPS, the ratio of two sums); keeping the terms lets a bootstrap resample rounds.
/// </summary>
public static class OffPolicyEstimators
{
    /// <summary>The estimator's short name in tables and charts: DM, IPS, SNIPS, DR, Switch-DR.</summary>
    public static string Label(this OffPolicyEstimator estimator) => estimator switch
    {
        OffPolicyEstimator.DirectMethod => "DM",
        OffPolicyEstimator.Ips => "IPS",
        OffPolicyEstimator.SelfNormalizedIps => "SNIPS",
        OffPolicyEstimator.DoublyRobust => "DR",
        OffPolicyEstimator.SwitchDoublyRobust => "Switch-DR",
        _ => estimator.ToString(),
    };

    /// <summary>The estimate of <paramref name="estimator"/> on the rounds at <paramref name="indices"/> (all rounds when null).</summary>
    /// <param name="estimator">Which estimator.</param>
    /// <param name="log">The behaviour policy's rounds.</param>
    /// <param name="target">The policy evaluated.</param>
    /// <param name="model">Reward model, row-major <c>users × items</c>.</param>
    /// <param name="switchThreshold">τ of Switch-DR: the largest importance weight trusted.</param>
    /// <param name="indices">Rounds to use, repeats allowed (a bootstrap resample).</param>
    public static double Estimate(OffPolicyEstimator estimator, IReadOnlyList<LoggedRound> log, TabularPolicy target, double[] model,
        double switchThreshold = 10, IReadOnlyList<int>? indices = null)
    {
        var n = indices?.Count ?? log.Count;
        if (n == 0) throw new ArgumentException("the log has no rounds.", nameof(log));
        double sum = 0, weights = 0;
        for (var j = 0; j < n; j++)
        {
            var r = log[indices?[j] ?? j];
            if (!(r.Propensity > 0 && r.Propensity <= 1))
                throw new ArgumentException($"round {indices?[j] ?? j}: propensity {r.Propensity} is not in (0, 1].", nameof(log));
            var w = target.Probability(r.User, r.Item) / r.Propensity;
            switch (estimator)
            {
                case OffPolicyEstimator.DirectMethod:
                    sum += ModelValue(target, model, r.User);
                    break;
                case OffPolicyEstimator.Ips:
                    sum += w * r.Reward;
                    break;
                case OffPolicyEstimator.SelfNormalizedIps:
                    sum += w * r.Reward;
                    weights += w;
                    break;
                case OffPolicyEstimator.DoublyRobust:
                    sum += ModelValue(target, model, r.User) + w * (r.Reward - model[r.User * target.Items + r.Item]);
                    break;
                case OffPolicyEstimator.SwitchDoublyRobust:
                    sum += ModelValue(target, model, r.User) + (w <= switchThreshold ? w * (r.Reward - model[r.User * target.Items + r.Item]) : 0);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(estimator), estimator, null);
            }
        }
        return estimator == OffPolicyEstimator.SelfNormalizedIps ? (weights > 0 ? sum / weights : 0) : sum / n;
    }

    /// <summary><c>Σ_a π(a | user) q̂(user, a)</c>: what the reward model expects the target policy to earn on a user.</summary>
    public static double ModelValue(TabularPolicy target, double[] model, int user)
    {
        var row = target.Row(user);
        var value = 0.0;
        for (var a = 0; a < row.Length; a++) value += row[a] * model[user * target.Items + a];
        return value;
    }

    /// <summary>The true value of <paramref name="target"/> in <paramref name="environment"/> for users drawn uniformly:
    /// <c>mean_u Σ_a π(a|u) P(u, a)</c>, what the estimators estimate (computable here because the environment's
    /// response probabilities are known).</summary>
    public static double TrueValue(IBanditEnvironment environment, TabularPolicy target, int iteration = 1)
    {
        var value = 0.0;
        for (var u = 0; u < environment.Users; u++)
        {
            var row = target.Row(u);
            for (var a = 0; a < row.Length; a++) if (row[a] > 0) value += row[a] * environment.Probability(u, a, iteration);
        }
        return value / environment.Users;
    }
}
