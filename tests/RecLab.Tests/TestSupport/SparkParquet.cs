using Parquet;
using Parquet.Schema;

namespace RecLab.Tests.TestSupport;

/// <summary>Writes Parquet the way Spark does (nullable columns, Snappy, several row groups, a folder of
/// <c>part-*</c> files with <c>_SUCCESS</c> and <c>.crc</c> side files), with Parquet.Net.</summary>
public static class SparkParquet
{
    /// <summary>Columns of <c>long?[]</c>, <c>int?[]</c>, <c>double?[]</c>, <c>float?[]</c> (nullable scalars) or
    /// <c>double?[][]</c> (a list of doubles per row), written in row groups of <paramref name="rowGroup"/> rows.</summary>
    public static async Task WriteAsync(string path, int rowGroup, params (string Name, Array Values)[] columns)
    {
        var fields = columns.Select(c => c.Values switch
        {
            long?[] => (Field)new DataField<long?>(c.Name),
            int?[] => new DataField<int?>(c.Name),
            double?[] => new DataField<double?>(c.Name),
            float?[] => new DataField<float?>(c.Name),
            double?[][] => new ListField(c.Name, new DataField<double?>("element")),
            _ => throw new ArgumentException($"column {c.Name}: unsupported {c.Values.GetType().Name}"),
        }).ToArray();
        var schema = new ParquetSchema(fields);
        var rows = columns[0].Values.Length;
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        for (var start = 0; start < rows; start += rowGroup)
        {
            var count = Math.Min(rowGroup, rows - start);
            using var group = writer.CreateRowGroup();
            for (var c = 0; c < columns.Length; c++)
            {
                var field = schema.DataFields[c];
                switch (columns[c].Values)
                {
                    case long?[] v: await group.WriteAsync<long>(field, v.AsMemory(start, count)); break;
                    case int?[] v: await group.WriteAsync<int>(field, v.AsMemory(start, count)); break;
                    case double?[] v: await group.WriteAsync<double>(field, v.AsMemory(start, count)); break;
                    case float?[] v: await group.WriteAsync<float>(field, v.AsMemory(start, count)); break;
                    case double?[][] v:
                        var slice = v.Skip(start).Take(count).ToArray();
                        await group.WriteAsync<double>(field, slice.SelectMany(l => l).ToArray().AsMemory(),
                            slice.SelectMany(l => l.Select((_, i) => i == 0 ? 0 : 1)).ToArray().AsMemory());
                        break;
                }
            }
        }
    }

    /// <summary>A Spark output folder: one <c>part-0000N-UUID-c000.snappy.parquet</c> per entry of
    /// <paramref name="parts"/> (written last part first, so only name order puts them right), a <c>.crc</c> file
    /// beside each and an empty <c>_SUCCESS</c>. Returns the part files' names.</summary>
    public static async Task<string[]> WriteFolderAsync(string folder, int rowGroup, params (string Name, Array Values)[][] parts)
    {
        Directory.CreateDirectory(folder);
        var names = parts.Select((_, i) => $"part-{i:00000}-{Guid.NewGuid()}-c000.snappy.parquet").ToArray();
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            await WriteAsync(Path.Combine(folder, names[i]), rowGroup, parts[i]);
            await File.WriteAllBytesAsync(Path.Combine(folder, $".{names[i]}.crc"), [0x63, 0x72, 0x63, 0x00, 0x01]);
        }
        await File.WriteAllTextAsync(Path.Combine(folder, "_SUCCESS"), "");
        return names;
    }
}
