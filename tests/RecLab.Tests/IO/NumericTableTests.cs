using System.IO.Compression;
using System.Text;
using DuckDB.NET.Data;
using Parquet;
using Parquet.Schema;
using RecLab.IO;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.IO;

public sealed class NumericTableTests
{
    [Fact]
    public async Task A_spark_folder_is_its_parts_in_name_order_as_one_table()
    {
        using var dir = new TempDir();
        var folder = dir.File("scores");
        var parts = await SparkParquet.WriteFolderAsync(folder, rowGroup: 2,
            [("user_idx", new long?[] { 1, 6040 }), ("p", new double?[] { 0.5, 0.25 })],
            [("user_idx", new long?[] { 17, 18, 19 }), ("p", new double?[] { 0.125, 1, 0 })],
            [("user_idx", new long?[] { 3952 }), ("p", new double?[] { 0.75 })]);

        var table = NumericTable.Load(folder);

        Assert.Equal(["user_idx", "p"], table.Columns.Keys);
        Assert.Equal([1.0, 6040, 17, 18, 19, 3952], table.Column("user_idx"));
        Assert.Equal([0.5, 0.25, 0.125, 1, 0, 0.75], table.Column("p"));
        Assert.Equal([new NumericTable.Part(parts[0], 0, 2), new NumericTable.Part(parts[1], 2, 3), new NumericTable.Part(parts[2], 5, 1)], table.Parts);
        Assert.Equal($"{folder}, row 4 ({parts[1]}, row 2), column 'p'", table.At(3, "p"));
        Assert.Equal($"{folder}, row 6 ({parts[2]}, row 1)", table.At(5));
    }

    [Fact]
    public async Task A_null_names_the_part_the_row_and_the_column()
    {
        using var dir = new TempDir();
        var folder = dir.File("scores");
        var parts = await SparkParquet.WriteFolderAsync(folder, rowGroup: 1,
            [("user_idx", new long?[] { 1, 2 }), ("p", new double?[] { 0.5, 0.25 })],
            [("user_idx", new long?[] { 3, 4 }), ("p", new double?[] { 0.125, null })]);

        var error = Assert.Throws<InvalidDataException>(() => NumericTable.Load(folder));

        Assert.Equal($"{folder}, row 4 ({parts[1]}, row 2), column 'p': null.", error.Message);
    }

    [Fact]
    public async Task Rows_are_counted_as_data_rows_in_csv_and_parquet_alike()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("t.csv"), "a,b\r\n1,2\r\n\r\n3,4\r\n5,x\r\n");
        await SparkParquet.WriteAsync(dir.File("t.parquet"), 2, ("a", new long?[] { 1, 3, 5 }), ("b", new double?[] { 2, 4, null }));

        var csv = Assert.Throws<InvalidDataException>(() => NumericTable.Load(dir.File("t.csv"))).Message;
        var parquet = Assert.Throws<InvalidDataException>(() => NumericTable.Load(dir.File("t.parquet"))).Message;

        Assert.Equal($"{dir.File("t.csv")}, row 3, column 'b': 'x' is not a number.", csv);
        Assert.Equal($"{dir.File("t.parquet")}, row 3, column 'b': null.", parquet);
    }

    [Fact]
    public void Gzipped_csv_is_read_by_its_magic_bytes_or_its_suffix()
    {
        using var dir = new TempDir();
        const string Csv = "user_idx,item_idx,p\n6040,3952,0.5\n1,1,0.125\n";
        File.WriteAllBytes(dir.File("p.csv.gz"), Gzip(Encoding.UTF8.GetBytes(Csv)));
        File.WriteAllBytes(dir.File("p.data"), Gzip(Encoding.UTF8.GetBytes(Csv)));
        File.WriteAllBytes(dir.File("bad.csv.gz"), Gzip(Encoding.UTF8.GetBytes("user_idx,item_idx\n1,2\n1,?\n")));

        foreach (var name in new[] { "p.csv.gz", "p.data" })
        {
            var table = NumericTable.Load(dir.File(name));
            Assert.Equal([6040.0, 1], table.Column("user_idx"));
            Assert.Equal([0.5, 0.125], table.Column("p"));
        }
        Assert.Equal($"{dir.File("bad.csv.gz")}, row 2, column 'item_idx': '?' is not a number.",
            Assert.Throws<InvalidDataException>(() => NumericTable.Load(dir.File("bad.csv.gz"))).Message);
    }

    [Fact]
    public async Task Gzip_is_for_csv_only()
    {
        using var dir = new TempDir();
        await SparkParquet.WriteAsync(dir.File("p.parquet"), 10, ("p", new double?[] { 0.5 }));
        File.WriteAllBytes(dir.File("p.parquet.gz"), Gzip(File.ReadAllBytes(dir.File("p.parquet"))));
        File.WriteAllBytes(dir.File("gz.parquet"), Gzip(File.ReadAllBytes(dir.File("p.parquet"))));
        File.WriteAllBytes(dir.File("p.npy.gz"), Gzip([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 0x76, 0]));
        File.WriteAllText(dir.File("plain.csv.gz"), "p\n0.5\n");
        File.WriteAllBytes(dir.File("damaged.csv.gz"), [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);

        Assert.StartsWith($"{dir.File("p.parquet.gz")}: gzip is supported for CSV only, and this is a gzip-compressed Parquet file",
            Assert.Throws<InvalidDataException>(() => NumericTable.Load(dir.File("p.parquet.gz"))).Message);
        Assert.StartsWith($"{dir.File("gz.parquet")}: gzip is supported for CSV only",
            Assert.Throws<InvalidDataException>(() => NumericTable.Load(dir.File("gz.parquet"))).Message);
        Assert.Equal($"{dir.File("p.npy.gz")}: gzip is supported for CSV only, and what this file holds is not CSV text.",
            Assert.Throws<InvalidDataException>(() => NumericTable.Load(dir.File("p.npy.gz"))).Message);
        Assert.Equal($"{dir.File("plain.csv.gz")}: the name ends in .gz but the file is not gzip-compressed.",
            Assert.Throws<InvalidDataException>(() => NumericTable.Load(dir.File("plain.csv.gz"))).Message);
        Assert.StartsWith($"{dir.File("damaged.csv.gz")}: damaged gzip data (",
            Assert.Throws<InvalidDataException>(() => NumericTable.Load(dir.File("damaged.csv.gz"))).Message);
    }

    [Fact]
    public async Task A_folder_without_parquet_parts_names_what_it_holds()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("empty"));
        Directory.CreateDirectory(dir.File("csv/logs"));
        File.WriteAllText(dir.File("csv/_SUCCESS"), "");
        File.WriteAllText(dir.File("csv/part-00000.csv"), "p\n0.5\n");
        await SparkParquet.WriteAsync(dir.File("csv/data.parquet"), 10, ("p", new double?[] { 0.5 }));

        Assert.Equal($"{dir.File("empty")}: the folder is empty; a folder is read as Spark output, part-*.parquet files.",
            Assert.Throws<InvalidDataException>(() => NumericTable.Load(dir.File("empty"))).Message);
        Assert.Equal($"{dir.File("csv")}: no part-*.parquet files (a folder is read as Spark output); it holds _SUCCESS, data.parquet, logs/, part-00000.csv.",
            Assert.Throws<InvalidDataException>(() => NumericTable.Load(dir.File("csv"))).Message);
        Assert.Throws<FileNotFoundException>(() => NumericTable.Load(dir.File("nowhere")));
    }

    [Fact]
    public async Task Parts_must_have_the_same_columns()
    {
        using var dir = new TempDir();
        var parts = await SparkParquet.WriteFolderAsync(dir.File("t"), 10,
            [("user_idx", new long?[] { 1 }), ("p", new double?[] { 0.5 })],
            [("user_idx", new long?[] { 2 }), ("q", new double?[] { 0.5 })]);

        Assert.Equal($"{dir.File("t")}: {parts[1]} has columns (user_idx, q), {parts[0]} has (user_idx, p); every part needs the same columns.",
            Assert.Throws<InvalidDataException>(() => NumericTable.Load(dir.File("t"))).Message);
    }

    [Fact]
    public async Task A_list_of_numbers_is_one_column_per_element()
    {
        using var dir = new TempDir();
        await SparkParquet.WriteAsync(dir.File("users.parquet"), 2,
            ("user_idx", new long?[] { 10, 20, 30 }), ("features", new double?[][] { [1, 2], [3, 4], [5, 6] }), ("age", new int?[] { 20, 30, 40 }));
        await SparkParquet.WriteAsync(dir.File("ragged.parquet"), 2,
            ("user_idx", new long?[] { 10, 20, 30 }), ("features", new double?[][] { [1, 2], [3, 4], [5, 6, 7] }));
        await SparkParquet.WriteAsync(dir.File("holes.parquet"), 2,
            ("user_idx", new long?[] { 10, 20 }), ("features", new double?[][] { [1, 2], [3, null] }));

        var table = NumericTable.Load(dir.File("users.parquet"));

        Assert.Equal(["user_idx", "features[0]", "features[1]", "age"], table.Columns.Keys);
        Assert.Equal([1.0, 3, 5], table.Column("features[0]"));
        Assert.Equal([2.0, 4, 6], table.Column("features[1]"));
        Assert.Equal([20.0, 30, 40], table.Column("age"));
        Assert.Equal($"{dir.File("ragged.parquet")}, row 3, column 'features': a list of 3 numbers, where the rows before have 2; a list column needs the same length in every row.",
            Assert.Throws<InvalidDataException>(() => NumericTable.Load(dir.File("ragged.parquet"))).Message);
        Assert.Equal($"{dir.File("holes.parquet")}, row 2, column 'features': element 1 of the list is null.",
            Assert.Throws<InvalidDataException>(() => NumericTable.Load(dir.File("holes.parquet"))).Message);
    }

    [Fact]
    public async Task Columns_that_are_not_numbers_are_refused_with_their_type()
    {
        using var dir = new TempDir();
        var schema = new ParquetSchema(new DataField<long>("item_idx"), new DataField<string>("title"));
        await using (var stream = File.Create(dir.File("items.parquet")))
        await using (var writer = await ParquetWriter.CreateAsync(schema, stream))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<long>(schema.DataFields[0], new long[] { 1 }.AsMemory());
            await group.WriteAsync(schema.DataFields[1], ["Toy Story (1995)"]);
        }
        var vector = new ParquetSchema(new DataField<long>("user_idx"), new StructField("features", new DataField<int?>("size")));
        await using (var stream = File.Create(dir.File("vector.parquet")))
        await using (var writer = await ParquetWriter.CreateAsync(vector, stream))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<long>(vector.DataFields[0], new long[] { 1 }.AsMemory());
            await group.WriteAsync<int>(vector.DataFields[1], new int?[] { 4 }.AsMemory());
        }
        File.WriteAllText(dir.File("pandas.csv"), ",user_idx,p\n0,1,0.5\n");

        Assert.Equal($"{dir.File("items.parquet")}, column 'title': strings; RecLab reads integer, floating-point and decimal columns and lists of them.",
            Assert.Throws<InvalidDataException>(() => NumericTable.Load(dir.File("items.parquet"))).Message);
        Assert.StartsWith($"{dir.File("vector.parquet")}, column 'features': a struct (Spark ML's vector type is one; turn it into an array with pyspark.ml.functions.vector_to_array)",
            Assert.Throws<InvalidDataException>(() => NumericTable.Load(dir.File("vector.parquet"))).Message);
        Assert.Contains("as pandas writes its index; write the file with index=False",
            Assert.Throws<InvalidDataException>(() => NumericTable.Load(dir.File("pandas.csv"))).Message);
    }

    [Fact]
    public void Ids_are_integers_named_by_row_when_not()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("t.csv"), "user_idx\n6040\n-3\n1.5\n");
        var table = NumericTable.Load(dir.File("t.csv"));

        Assert.Equal($"{dir.File("t.csv")}, row 3, column 'user_idx': 1.5 is not an integer id.", Assert.Throws<InvalidDataException>(() => table.Ids("user_idx")).Message);
        Assert.Equal("user_idx", table.FirstColumn("user_idx", "user"));
        Assert.Equal($"{dir.File("t.csv")}: no column 'item_idx' or 'item' (columns: user_idx).", Assert.Throws<InvalidDataException>(() => table.FirstColumn("item_idx", "item")).Message);
    }

    [Fact]
    public async Task Parquet_and_csv_gz_written_by_DuckDB_read_as_DuckDB_reads_them()
    {
        using var dir = new TempDir();
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        const string Rows = "SELECT (i * 7 + 1)::BIGINT AS user_idx, (i % 13)::INTEGER AS item_idx, ((i % 100) / 100.0)::FLOAT AS p, " +
            "[i / 2.0, -i]::DOUBLE[] AS f FROM range(5000) t(i)";
        command.CommandText = $"COPY ({Rows}) TO '{dir.File("t.parquet")}' (FORMAT parquet, ROW_GROUP_SIZE 2048); " +
            $"COPY (SELECT user_idx, item_idx, p FROM ({Rows})) TO '{dir.File("t.csv.gz")}' (HEADER, COMPRESSION gzip);";
        command.ExecuteNonQuery();
        command.CommandText = $"SELECT user_idx::DOUBLE, item_idx::DOUBLE, p::DOUBLE, f[1], f[2] FROM read_parquet('{dir.File("t.parquet")}')";
        var expected = new List<double[]>();
        using (var reader = command.ExecuteReader())
            while (reader.Read()) expected.Add(Enumerable.Range(0, 5).Select(reader.GetDouble).ToArray());

        var parquet = NumericTable.Load(dir.File("t.parquet"));
        var csv = NumericTable.Load(dir.File("t.csv.gz"));

        await using (var file = File.OpenRead(dir.File("t.parquet")))
        await using (var reader = await ParquetReader.CreateAsync(file))
            Assert.True(reader.RowGroupCount > 1, $"{reader.RowGroupCount} row group");
        Assert.Equal(["user_idx", "item_idx", "p", "f[0]", "f[1]"], parquet.Columns.Keys);
        Assert.Equal(5000, parquet.Rows);
        for (var c = 0; c < 5; c++) Assert.Equal(expected.Select(r => r[c]), parquet.Columns.Values.ElementAt(c));
        Assert.Equal(expected.Select(r => r[0]), csv.Column("user_idx"));
        Assert.Equal(expected.Select(r => (double)(float)r[2]), csv.Column("p").Select(v => (double)(float)v));
    }

    private static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal)) gzip.Write(content);
        return buffer.ToArray();
    }
}
