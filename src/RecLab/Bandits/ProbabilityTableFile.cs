using RecLab.IO;

namespace RecLab.Bandits;

/// <summary>
/// Loads a bandit task from real data: a probability table with columns <c>user, item, p</c> covering every
/// (user, item) pair, and optionally a users file (<c>user</c> plus numeric feature columns) and an items file
/// (<c>item</c> plus feature columns). CSV or Parquet. Ids are 0-based and dense.
/// </summary>
public static class ProbabilityTableFile
{
    /// <summary>Reads the files into a task called <paramref name="name"/>.</summary>
    /// <exception cref="InvalidDataException">A missing or duplicated pair, a probability outside [0, 1], ids that do
    /// not match the feature files, or a malformed file; the message names file, row and value.</exception>
    public static ProbabilityTableEnvironment Load(string probabilities, string? users = null, string? items = null, string name = "table")
    {
        var table = NumericTable.Load(probabilities);
        var userIds = table.Ids("user");
        var itemIds = table.Ids("item");
        var p = table.Column("p");
        var userFeatures = users is null ? null : NumericTable.Load(users);
        var itemFeatures = items is null ? null : NumericTable.Load(items);
        var userCount = userFeatures?.Rows ?? (userIds.Length == 0 ? 0 : userIds.Max() + 1);
        var itemCount = itemFeatures?.Rows ?? (itemIds.Length == 0 ? 0 : itemIds.Max() + 1);
        var values = new float[(long)userCount * itemCount];
        var seen = new bool[values.Length];
        for (var row = 0; row < p.Length; row++)
        {
            var (u, i) = (userIds[row], itemIds[row]);
            if (u >= userCount || i >= itemCount)
                throw new InvalidDataException($"{probabilities}: row {row + 1}: user {u}, item {i} is outside the {userCount} users and {itemCount} items.");
            if (!(p[row] >= 0 && p[row] <= 1))
                throw new InvalidDataException($"{probabilities}: row {row + 1}: p = {p[row]} is not a probability.");
            var k = (long)u * itemCount + i;
            if (seen[k]) throw new InvalidDataException($"{probabilities}: row {row + 1}: user {u}, item {i} appears twice.");
            seen[k] = true;
            values[k] = (float)p[row];
        }
        var missing = Array.IndexOf(seen, false);
        if (missing >= 0)
            throw new InvalidDataException($"{probabilities}: no probability for user {missing / itemCount}, item {missing % itemCount}; the table must cover every pair.");
        var (uf, ufCount) = Features(userFeatures, "user", userCount);
        var (itf, itfCount) = Features(itemFeatures, "item", itemCount);
        return new ProbabilityTableEnvironment(name, userCount, itemCount, values, uf, ufCount, itf, itfCount);
    }

    private static (double[]? Values, int Count) Features(NumericTable? table, string idColumn, int count)
    {
        if (table is null) return (null, 0);
        var ids = table.Ids(idColumn);
        var columns = table.Columns.Where(c => c.Key != idColumn).ToList();
        var values = new double[(long)count * columns.Count];
        var seen = new bool[count];
        for (var row = 0; row < ids.Length; row++)
        {
            if (ids[row] >= count || seen[ids[row]])
                throw new InvalidDataException($"{table.Path}: row {row + 1}: {idColumn} {ids[row]} is {(ids[row] >= count ? "out of range" : "repeated")}; ids must be 0..{count - 1}, once each.");
            seen[ids[row]] = true;
            for (var c = 0; c < columns.Count; c++) values[(long)ids[row] * columns.Count + c] = columns[c].Value[row];
        }
        return (values, columns.Count);
    }
}
