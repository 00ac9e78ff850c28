using RecLab.IO;

namespace RecLab.Bandits;

/// <summary>
/// Loads a bandit task from real data as the course ships it: a response table with a user column (<c>user_idx</c> or
/// <c>user</c>), an item column (<c>item_idx</c> or <c>item</c>) and a probability column (<c>p</c>, <c>popularity</c>
/// or <c>relevance</c>, the first found) covering every (user, item) pair once; optionally a users file and an items
/// file with the same id column and numeric feature columns (task 2's context). Any format <see cref="NumericTable"/>
/// reads: Parquet, a folder of Spark output, CSV, CSV.gz.
/// </summary>
/// <remarks>
/// Ids may be sparse (MovieLens-1M: users 1..6040, movie ids up to 3952 with gaps): users and items are numbered 0, 1,
/// ... in the order of their original ids, which the environment keeps (<see cref="ProbabilityTableEnvironment.UserIds"/>,
/// <see cref="ProbabilityTableEnvironment.ItemIds"/>) so outputs can name them. A feature file's columns other than its
/// id are the features, in file order (a list column counts one feature per element); it must have one row for each id
/// of the table, and no others.
/// </remarks>
public static class ProbabilityTableFile
{
    /// <summary>Names of the user column, in the order they are looked for.</summary>
    public static IReadOnlyList<string> UserColumns { get; } = ["user_idx", "user"];

    /// <summary>Names of the item column, in the order they are looked for.</summary>
    public static IReadOnlyList<string> ItemColumns { get; } = ["item_idx", "item"];

    /// <summary>Names of the probability column, in the order they are looked for.</summary>
    public static IReadOnlyList<string> ProbabilityColumns { get; } = ["p", "popularity", "relevance"];

    /// <summary>Reads the files into a task called <paramref name="name"/>.</summary>
    /// <param name="probabilities">The response table.</param>
    /// <param name="users">The users' features, or null.</param>
    /// <param name="items">The items' features, or null.</param>
    /// <param name="name">Name for reports.</param>
    /// <exception cref="InvalidDataException">A missing or duplicated pair, a probability outside [0, 1], a null, ids
    /// that do not match the feature files, or a malformed file; the message names file, row, column and the original
    /// ids.</exception>
    public static ProbabilityTableEnvironment Load(string probabilities, string? users = null, string? items = null, string name = "table")
    {
        var table = NumericTable.Load(probabilities);
        if (table.Rows == 0) throw new InvalidDataException($"{probabilities}: no rows.");
        var (userColumn, itemColumn, pColumn) = (table.FirstColumn(UserColumns), table.FirstColumn(ItemColumns), table.FirstColumn(ProbabilityColumns));
        var (userRows, itemRows, p) = (table.Ids(userColumn), table.Ids(itemColumn), table.Column(pColumn));
        var (userIds, userIndex) = Dense(userRows);
        var (itemIds, itemIndex) = Dense(itemRows);
        var (userCount, itemCount) = (userIds.Length, itemIds.Length);
        var values = new float[checked((long)userCount * itemCount)];
        var seen = new bool[values.Length];
        for (var row = 0; row < p.Length; row++)
        {
            if (!(p[row] >= 0 && p[row] <= 1))
                throw new InvalidDataException($"{table.At(row, pColumn)}: {p[row]} is not a probability (must be in [0, 1]).");
            var k = (long)userIndex[userRows[row]] * itemCount + itemIndex[itemRows[row]];
            if (seen[k])
            {
                var first = Enumerable.Range(0, row).First(r => userRows[r] == userRows[row] && itemRows[r] == itemRows[row]);
                throw new InvalidDataException($"{table.At(row)}: {userColumn} {userRows[row]}, {itemColumn} {itemRows[row]} appears twice (also at row {first + 1}).");
            }
            seen[k] = true;
            values[k] = (float)p[row];
        }
        var missing = Array.IndexOf(seen, false);
        if (missing >= 0)
            throw new InvalidDataException($"{probabilities}: ids do not cover every pair: no row for {userColumn} {userIds[missing / itemCount]}, {itemColumn} {itemIds[missing % itemCount]} " +
                $"({userCount} users × {itemCount} items = {values.Length} pairs, the table has {table.Rows} rows); the table needs one row per pair.");
        var (uf, ufCount) = Features(users, "users", UserColumns, table, userColumn, userRows, userIds, userIndex);
        var (itf, itfCount) = Features(items, "items", ItemColumns, table, itemColumn, itemRows, itemIds, itemIndex);
        return new ProbabilityTableEnvironment(name, userCount, itemCount, values, uf, ufCount, itf, itfCount) { UserIds = userIds, ItemIds = itemIds };
    }

    /// <summary>The distinct ids in ascending order, and each one's index in that order.</summary>
    private static (long[] Ids, Dictionary<long, int> Index) Dense(long[] rows)
    {
        var ids = rows.Distinct().Order().ToArray();
        return (ids, ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i));
    }

    private static (double[]? Values, int Count) Features(string? path, string what, IReadOnlyList<string> idColumns, NumericTable table, string tableColumn, long[] tableRows,
        long[] ids, Dictionary<long, int> index)
    {
        if (path is null) return (null, 0);
        var features = NumericTable.Load(path);
        var idColumn = features.FirstColumn(idColumns);
        var rows = features.Ids(idColumn);
        var columns = features.Columns.Where(c => c.Key != idColumn).Select(c => c.Value).ToList();
        if (columns.Count == 0) throw new InvalidDataException($"{path}: no feature columns besides '{idColumn}'.");
        var values = new double[checked((long)ids.Length * columns.Count)];
        var at = new int[ids.Length];
        for (var row = 0; row < rows.Length; row++)
        {
            if (!index.TryGetValue(rows[row], out var i))
                throw new InvalidDataException($"{features.At(row, idColumn)}: {idColumn} {rows[row]} is not in {table.Path}; the {what} file must cover exactly the table's {what}.");
            if (at[i] > 0) throw new InvalidDataException($"{features.At(row, idColumn)}: {idColumn} {rows[row]} appears twice (also at row {at[i]}).");
            at[i] = row + 1;
            for (var c = 0; c < columns.Count; c++) values[(long)i * columns.Count + c] = columns[c][row];
        }
        var absent = Array.IndexOf(at, 0);
        if (absent >= 0)
            throw new InvalidDataException($"{path}: no row for {idColumn} {ids[absent]}, which {table.At(Array.IndexOf(tableRows, ids[absent]), tableColumn)} has; the {what} file must cover exactly the table's {what}.");
        return (values, columns.Count);
    }
}
