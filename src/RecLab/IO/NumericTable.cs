using System.Globalization;
using Parquet;

namespace RecLab.IO;

/// <summary>
/// A table of named numeric columns read from CSV (header row, comma-separated, invariant numbers) or Parquet (any
/// integer or floating-point columns). For data users bring in: bad values fail with the file, line and column.
/// </summary>
/// <param name="Path">The file read.</param>
/// <param name="Columns">Column name to values, in file order.</param>
public sealed record NumericTable(string Path, IReadOnlyDictionary<string, double[]> Columns)
{
    /// <summary>Rows.</summary>
    public int Rows => Columns.Count == 0 ? 0 : Columns.First().Value.Length;

    /// <summary>The column called <paramref name="name"/>.</summary>
    /// <exception cref="InvalidDataException">No such column; the message lists the columns.</exception>
    public double[] Column(string name) =>
        Columns.TryGetValue(name, out var values)
            ? values
            : throw new InvalidDataException($"{Path}: no column '{name}' (columns: {string.Join(", ", Columns.Keys)}).");

    /// <summary>The column called <paramref name="name"/> as ids: non-negative integers.</summary>
    public int[] Ids(string name) => Column(name).Select((v, row) =>
        v >= 0 && v == Math.Floor(v) && v <= int.MaxValue
            ? (int)v
            : throw new InvalidDataException($"{Path}: row {row + 1}, column '{name}': {v.ToString(CultureInfo.InvariantCulture)} is not a non-negative integer id.")).ToArray();

    /// <summary>Reads a <c>.csv</c> or <c>.parquet</c> file.</summary>
    public static NumericTable Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} does not exist.", path);
        return path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? LoadParquet(path) : LoadCsv(path);
    }

    private static NumericTable LoadCsv(string path)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine() ?? throw new InvalidDataException($"{path}: empty file (expected a header row).");
        var names = header.Split(',').Select(n => n.Trim().Trim('"')).ToArray();
        if (names.Any(string.IsNullOrEmpty) || names.Distinct().Count() != names.Length)
            throw new InvalidDataException($"{path}, line 1: the header needs distinct, non-empty column names ('{header}').");
        var columns = names.Select(_ => new List<double>()).ToArray();
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            var fields = text.Split(',');
            if (fields.Length != names.Length)
                throw new InvalidDataException($"{path}, line {line}: {fields.Length} fields, the header has {names.Length}.");
            for (var c = 0; c < names.Length; c++)
            {
                if (!double.TryParse(fields[c].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                    throw new InvalidDataException($"{path}, line {line}, column '{names[c]}': '{fields[c].Trim()}' is not a number.");
                columns[c].Add(value);
            }
        }
        return new NumericTable(path, names.Select((n, c) => (n, columns[c].ToArray())).ToDictionary(p => p.n, p => p.Item2));
    }

    private static NumericTable LoadParquet(string path) => LoadParquetAsync(path).GetAwaiter().GetResult();

    private static async Task<NumericTable> LoadParquetAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        ParquetReader reader;
        try { reader = await ParquetReader.CreateAsync(stream); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{path} is not a readable Parquet file ({e.Message}).", e);
        }
        await using var _ = reader;
        var columns = new Dictionary<string, List<double>>();
        foreach (var field in reader.Schema.DataFields) columns[field.Name] = [];
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var rows = (int)group.RowCount;
            foreach (var field in reader.Schema.DataFields)
            {
                var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
                var values = columns[field.Name];
                if (type == typeof(double)) values.AddRange(await ReadAs<double>(group, field, rows, v => v));
                else if (type == typeof(float)) values.AddRange(await ReadAs<float>(group, field, rows, v => v));
                else if (type == typeof(int)) values.AddRange(await ReadAs<int>(group, field, rows, v => v));
                else if (type == typeof(long)) values.AddRange(await ReadAs<long>(group, field, rows, v => v));
                else throw new InvalidDataException($"{path}: column '{field.Name}' has type {type.Name}; only numeric columns are supported.");
            }
        }
        return new NumericTable(path, columns.ToDictionary(c => c.Key, c => c.Value.ToArray()));

        async Task<IEnumerable<double>> ReadAs<T>(ParquetRowGroupReader group, Parquet.Schema.DataField field, int rows, Func<T, double> convert) where T : struct
        {
            var data = new T?[rows];
            await group.ReadAsync(field, data.AsMemory());
            return data.Select((v, i) => v.HasValue ? convert(v.Value) : throw new InvalidDataException($"{path}: column '{field.Name}' has a null at row {i + 1}."));
        }
    }
}
