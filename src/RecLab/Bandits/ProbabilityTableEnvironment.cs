namespace RecLab.Bandits;

/// <summary>
/// A bandit task given as a dense table of response probabilities per (user, item), with optional numeric features:
/// the synthetic context (task 2) and personal-preference (task 4) tasks, and real data loaded from files
/// (<see cref="ProbabilityTableFile"/>).
/// </summary>
public class ProbabilityTableEnvironment : IBanditEnvironment
{
    private readonly float[] _p;
    private readonly double[] _userFeatures;
    private readonly double[] _itemFeatures;
    private readonly long[] _userIds;
    private readonly long[] _itemIds;

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
        _userIds = [.. Enumerable.Range(0, users).Select(i => (long)i)];
        _itemIds = [.. Enumerable.Range(0, items).Select(i => (long)i)];
    }

    /// <summary>The original id of each user, by index: a loaded table's own ids (sparse ones such as MovieLens' are
    /// numbered in ascending order), or 0..Users-1 for the synthetic tasks. Outputs name users by these.</summary>
    /// <exception cref="ArgumentException">Set to other than <see cref="Users"/> distinct ids.</exception>
    public IReadOnlyList<long> UserIds { get => _userIds; init => _userIds = Distinct(value, Users, nameof(UserIds)); }

    /// <summary>The original id of each item, by index, as <see cref="UserIds"/> for users.</summary>
    /// <exception cref="ArgumentException">Set to other than <see cref="Items"/> distinct ids.</exception>
    public IReadOnlyList<long> ItemIds { get => _itemIds; init => _itemIds = Distinct(value, Items, nameof(ItemIds)); }

    private static long[] Distinct(IReadOnlyList<long> ids, int count, string name) =>
        ids.Count == count && ids.Distinct().Count() == count
            ? [.. ids]
            : throw new ArgumentException($"{name} needs {count} distinct ids, one per index; got {ids.Count} ({ids.Distinct().Count()} distinct).", name);

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
