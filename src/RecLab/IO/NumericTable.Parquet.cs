using System.Numerics;
using Parquet;
using Parquet.Schema;

namespace RecLab.IO;

public sealed partial record NumericTable
{
    private static (string[] Names, double[][] Columns, int Rows) LoadParquet(string path, Origin origin) =>
        LoadParquetAsync(path, origin).GetAwaiter().GetResult();

    private static async Task<(string[] Names, double[][] Columns, int Rows)> LoadParquetAsync(string path, Origin origin)
    {
        await using var stream = File.OpenRead(path);
        ParquetReader reader;
        try { reader = await ParquetReader.CreateAsync(stream); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{path} is not a readable Parquet file ({e.Message}).", e);
        }
        await using var _ = reader;
        var columns = reader.Schema.Fields.Select(f => new ParquetColumn(f.Name, Leaf(f, path))).ToList();
        var rows = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var groupRows = checked((int)group.RowCount);
            foreach (var column in columns) await column.ReadAsync(group, groupRows, origin, rows);
            rows = checked(rows + groupRows);
        }
        var expanded = columns.SelectMany(c => c.Expand(rows)).ToList();
        return (expanded.Select(c => c.Name).ToArray(), expanded.Select(c => c.Values).ToArray(), rows);
    }

    /// <summary>The data field behind a top-level column: the column itself, or the element of a list of numbers.</summary>
    private static DataField Leaf(Field field, string path)
    {
        const string Supported = "RecLab reads integer, floating-point and decimal columns and lists of them";
        var leaf = field switch
        {
            DataField data => data,
            ListField { Item: DataField item } => item,
            ListField list => throw new InvalidDataException($"{path}, column '{field.Name}': a list of {list.Item.SchemaType.ToString().ToLowerInvariant()}s; {Supported}."),
            StructField => throw new InvalidDataException($"{path}, column '{field.Name}': a struct (Spark ML's vector type is one; turn it into an array with pyspark.ml.functions.vector_to_array); {Supported}."),
            _ => throw new InvalidDataException($"{path}, column '{field.Name}': a {field.SchemaType.ToString().ToLowerInvariant()}; {Supported}."),
        };
        if (leaf.MaxRepetitionLevel > 1) throw new InvalidDataException($"{path}, column '{field.Name}': nested lists; {Supported}.");
        var type = Nullable.GetUnderlyingType(leaf.ClrType) ?? leaf.ClrType;
        if (!Readers.ContainsKey(type))
            throw new InvalidDataException($"{path}, column '{field.Name}': {(leaf.MaxRepetitionLevel > 0 ? "a list of " : "")}{TypeName(type)}; {Supported}.");
        return leaf;
    }

    private static string TypeName(Type type) =>
        type == typeof(string) || type == typeof(ReadOnlyMemory<char>) ? "strings"
        : type == typeof(byte[]) || type == typeof(ReadOnlyMemory<byte>) ? "binary values"
        : type == typeof(bool) ? "booleans"
        : type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(TimeOnly) || type == typeof(TimeSpan) ? "dates or times"
        : $"type {type.Name}";

    private delegate Task ColumnReader(ParquetRowGroupReader group, ParquetColumn column, int rows, Origin origin, int firstRow);

    private static readonly Dictionary<Type, ColumnReader> Readers = new()
    {
        [typeof(double)] = Read<double>, [typeof(float)] = Read<float>, [typeof(decimal)] = Read<decimal>,
        [typeof(long)] = Read<long>, [typeof(int)] = Read<int>, [typeof(short)] = Read<short>, [typeof(sbyte)] = Read<sbyte>,
        [typeof(ulong)] = Read<ulong>, [typeof(uint)] = Read<uint>, [typeof(ushort)] = Read<ushort>, [typeof(byte)] = Read<byte>,
    };

    private static Task Read<T>(ParquetRowGroupReader group, ParquetColumn column, int rows, Origin origin, int firstRow) where T : struct, INumberBase<T> =>
        column.Field.MaxRepetitionLevel == 0 ? ReadFlat<T>(group, column, rows, origin, firstRow) : ReadList<T>(group, column, rows, origin, firstRow);

    private static async Task ReadFlat<T>(ParquetRowGroupReader group, ParquetColumn column, int rows, Origin origin, int firstRow) where T : struct, INumberBase<T>
    {
        var data = new T?[rows];
        await group.ReadAsync(column.Field, data.AsMemory());
        for (var i = 0; i < rows; i++)
            column.Values.Add(data[i] is { } v ? double.CreateChecked(v) : throw new InvalidDataException($"{origin.At(firstRow + i, column.Name)}: null."));
    }

    /// <summary>A list column: repetition level 0 starts a row; a definition level below the element's means a null
    /// or empty list, below the maximum a null element.</summary>
    private static async Task ReadList<T>(ParquetRowGroupReader group, ParquetColumn column, int rows, Origin origin, int firstRow) where T : struct, INumberBase<T>
    {
        var field = column.Field;
        var count = checked((int)(group.GetMetadata(field)?.MetaData?.NumValues ?? 0));
        var (values, definitions, repetitions) = (new T[count], new int[count], new int[count]);
        if (count > 0) await group.ReadRawAsync(field, values.AsMemory(), definitions.AsMemory(), repetitions.AsMemory());
        var elementLevel = field.MaxDefinitionLevel - (field.IsNullable ? 1 : 0);
        var (row, length, next) = (-1, 0, 0);
        for (var i = 0; i < count; i++)
        {
            if (repetitions[i] == 0)
            {
                if (row >= 0) column.EndRow(length, origin.At(firstRow + row, column.Name));
                (row, length) = (row + 1, 0);
            }
            if (definitions[i] < elementLevel) throw new InvalidDataException($"{origin.At(firstRow + row, column.Name)}: the list is null or empty.");
            if (definitions[i] < field.MaxDefinitionLevel) throw new InvalidDataException($"{origin.At(firstRow + row, column.Name)}: element {length} of the list is null.");
            column.Values.Add(double.CreateChecked(values[next++]));
            length++;
        }
        if (row >= 0) column.EndRow(length, origin.At(firstRow + row, column.Name));
        if (row + 1 != rows) throw new InvalidDataException($"{origin.File}, column '{column.Name}': {row + 1} lists in a row group of {rows} rows.");
    }

    /// <summary>One top-level column while it is read: its values (row-major for a list) and, for a list, its length.</summary>
    private sealed class ParquetColumn(string name, DataField field)
    {
        public string Name { get; } = name;

        public DataField Field { get; } = field;

        public List<double> Values { get; } = [];

        private int? _width;

        public Task ReadAsync(ParquetRowGroupReader group, int rows, Origin origin, int firstRow) =>
            Readers[Nullable.GetUnderlyingType(Field.ClrType) ?? Field.ClrType](group, this, rows, origin, firstRow);

        /// <summary>Checks that a list row has the length of the rows before it.</summary>
        public void EndRow(int length, string at)
        {
            _width ??= length;
            if (length != _width)
                throw new InvalidDataException($"{at}: a list of {length} numbers, where the rows before have {_width}; a list column needs the same length in every row.");
        }

        /// <summary>The column, or for a list one column per element: <c>name[0]</c>, <c>name[1]</c>, ...</summary>
        public IEnumerable<(string Name, double[] Values)> Expand(int rows)
        {
            if (Field.MaxRepetitionLevel == 0)
            {
                yield return (Name, Values.ToArray());
                yield break;
            }
            var width = _width ?? 0;
            for (var e = 0; e < width; e++)
            {
                var values = new double[rows];
                for (var r = 0; r < rows; r++) values[r] = Values[r * width + e];
                yield return ($"{Name}[{e}]", values);
            }
        }
    }
}
