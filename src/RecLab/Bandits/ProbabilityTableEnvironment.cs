namespace RecLab.Bandits;

/// <summary>
/// A bandit task given as a dense table of response probabilities per (user, item), with optional numeric features:
/// the synthetic context (task 2) and personal-preference (task 4) tasks, and real data loaded from files
///.
/// </summary>
public class ProbabilityTableEnvironment : IBanditEnvironment
{
    private readonly float[] _p;
    private readonly double[] _userFeatures;
    private readonly double[] _itemFeatures;

    /// <summary>Creates the task.</summary>
    /// <param name="name">Name for reports.</param>
    /// <param name="users">Number of users.</param>
    /// <param name="items">Number of items.</param>
    /// <param name="probabilities">Row-major <c>[users, items]</c> probabilities in [0, 1].</param>
    /// <param name="userFeatures">Row-major <c>[users, userFeatureCount]</c>, or empty.</param>
    /// <param name="userFeatureCount">Features per user.</param>
    /// <param name="itemFeatures">Row-major <c>[items, itemFeatureCount]</c>, or empty.</param>
    /// <param name="itemFeatureCount">Features per item.</param>
    public ProbabilityTableEnvironment(string name, int users, int items, float[] probabilities,
        double[]? userFeatures = null, int userFeatureCount = 0, double[]? itemFeatures = null, int itemFeatureCount = 0)
    {
        if (probabilities.Length != (long)users * items) throw new ArgumentException($"probabilities has {probabilities.Length} values, expected users × items = {users} × {items}.", nameof(probabilities));
        var bad = Array.FindIndex(probabilities, p => !(p >= 0 && p <= 1));
        if (bad >= 0) throw new ArgumentException($"probability of user {bad / items}, item {bad % items} is {probabilities[bad]}, not in [0, 1].", nameof(probabilities));
        _userFeatures = userFeatures ?? [];
        _itemFeatures = itemFeatures ?? [];
        if (_userFeatures.Length != (long)users * userFeatureCount) throw new ArgumentException($"userFeatures has {_userFeatures.Length} values, expected {users} × {userFeatureCount}.", nameof(userFeatures));
        if (_itemFeatures.Length != (long)items * itemFeatureCount) throw new ArgumentException($"itemFeatures has {_itemFeatures.Length} values, expected {items} × {itemFeatureCount}.", nameof(itemFeatures));
        Name = name;
        Users = users;
        Items = items;
        _p = probabilities;
        UserFeatureCount = userFeatureCount;
        ItemFeatureCount = itemFeatureCount;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int Users { get; }

    /// <inheritdoc />
    public int Items { get; }

    /// <inheritdoc />
    public int UserFeatureCount { get; }

    /// <inheritdoc />
    public int ItemFeatureCount { get; }

    /// <inheritdoc />
    public ReadOnlySpan<double> UserFeatures(int user) => _userFeatures.AsSpan(user * UserFeatureCount, UserFeatureCount);

    /// <inheritdoc />
    public ReadOnlySpan<double> ItemFeatures(int item) => _itemFeatures.AsSpan(item * ItemFeatureCount, ItemFeatureCount);

    /// <inheritdoc />
    public double Probability(int user, int item, int iteration) => _p[user * Items + item];

    /// <summary>The probabilities of <paramref name="user"/> for every item.</summary>
    public ReadOnlySpan<float> Row(int user) => _p.AsSpan(user * Items, Items);
}
