using System.Globalization;

namespace RecLab.IO;

/// <summary>
/// A table of named numeric columns from data users bring in, as pandas and Spark write it: one Parquet file, a folder of
/// Spark output (its <c>part-*.parquet</c> files in name order, one table), CSV, or gzip-compressed CSV. Bad input fails
/// with the file, the row and the column.
/// </summary>
/// <remarks>
/// <para>Formats are told by their first bytes (Parquet's <c>PAR1</c>, gzip's <c>1f 8b</c>), then by suffix
/// (<c>.parquet</c>, <c>.gz</c>); anything else is read as CSV: a header row, comma-separated invariant numbers. Gzip is
/// for CSV only: Parquet compresses its own columns, so a gzipped Parquet file is refused with a message that says so.</para>
/// <para>Parquet columns may be any integer, floating-point or decimal type, nullable or not, in any number of row
/// groups; a list of numbers (Spark's <c>array&lt;double&gt;</c>, what <c>vector_to_array</c> gives) is expanded into one
/// column per element, <c>name[0]</c>, <c>name[1]</c>, ..., and must have the same length in every row. Other types
/// (strings, structs such as Spark ML's vector type, maps) and null values are errors.</para>
/// <para>Rows are numbered one way in every message: <c>row N</c> is the N-th data row, 1-based (pandas' index N − 1;
/// a CSV's header and blank lines are not rows). For a folder the message also names the part file and the row within
/// it: <c>out/, row 7 (part-00001-….snappy.parquet, row 2)</c>.</para>
/// </remarks>
/// <param name="Path">The file or folder read.</param>
/// <param name="Columns">Column name to values, in file order.</param>
public sealed partial record NumericTable(string Path, IReadOnlyDictionary<string, double[]> Columns)
{
    /// <summary>One file of a folder table.</summary>
    /// <param name="File">Its name inside the folder.</param>
    /// <param name="FirstRow">Its first row in the table, 0-based.</param>
    /// <param name="Rows">Its rows.</param>
    public sealed record Part(string File, int FirstRow, int Rows);

    /// <summary>The part files of a folder, in the order their rows follow each other; empty for a single file.</summary>
    public IReadOnlyList<Part> Parts { get; init; } = [];

    /// <summary>Rows.</summary>
    public int Rows => Columns.Count == 0 ? 0 : Columns.First().Value.Length;

    /// <summary>The column called <paramref name="name"/>.</summary>
    /// <exception cref="InvalidDataException">No such column; the message lists the columns.</exception>
    public double[] Column(string name) => Columns.TryGetValue(name, out var values) ? values : throw NoColumn(name);

    /// <summary>The first of <paramref name="names"/> that the table has: for files whose writers name a column in
    /// one of several ways (the course's <c>user_idx</c>, or <c>user</c>).</summary>
    /// <exception cref="InvalidDataException">None of them; the message lists the table's columns.</exception>
    public string FirstColumn(params IReadOnlyList<string> names) =>
        names.FirstOrDefault(Columns.ContainsKey) ?? throw NoColumn(string.Join("' or '", names));

    /// <summary>The column called <paramref name="name"/> as integer ids (exact in a double: |id| ≤ 2⁵³).</summary>
    /// <exception cref="InvalidDataException">No such column, or a value that is not an integer; the message names
    /// the row.</exception>
    public long[] Ids(string name) => Column(name).Select((v, row) =>
        v == Math.Floor(v) && Math.Abs(v) <= 9007199254740992.0
            ? (long)v
            : throw new InvalidDataException($"{At(row, name)}: {v.ToString(CultureInfo.InvariantCulture)} is not an integer id.")).ToArray();

    /// <summary>Where row <paramref name="row"/> (0-based) is, for messages: <c>PATH, row N</c> with N 1-based, the part
    /// file and its row for a folder, and <c>, column 'C'</c> when a column is given.</summary>
    public string At(int row, string? column = null)
    {
        var part = Parts.FirstOrDefault(p => row >= p.FirstRow && row < p.FirstRow + p.Rows);
        return new Origin(Path, part?.File, part?.FirstRow ?? 0).At(row - (part?.FirstRow ?? 0), column);
    }

    /// <summary>Reads a Parquet file, a folder of Spark output, a CSV file or a gzip-compressed CSV file.</summary>
    /// <exception cref="FileNotFoundException">No file or folder at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">A malformed file, an unsupported column type, a null, a folder without
    /// <c>part-*.parquet</c> files; the message names the file, the row and the column.</exception>
    public static NumericTable Load(string path)
    {
        if (Directory.Exists(path)) return LoadFolder(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} does not exist.", path);
        var (names, columns, _) = LoadFile(path, new Origin(path, null, 0));
        return new NumericTable(path, Zip(names, columns));
    }

    private static NumericTable LoadFolder(string path)
    {
        var entries = Directory.EnumerateFileSystemEntries(path)
            .Select(e => System.IO.Path.GetFileName(e) + (Directory.Exists(e) ? "/" : "")).Order(StringComparer.Ordinal).ToList();
        var names = entries.Where(e => e.StartsWith("part-", StringComparison.Ordinal) && e.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)).ToList();
        if (names.Count == 0)
            throw new InvalidDataException(entries.Count == 0
                ? $"{path}: the folder is empty; a folder is read as Spark output, part-*.parquet files."
                : $"{path}: no part-*.parquet files (a folder is read as Spark output); it holds {string.Join(", ", entries.Take(10))}{(entries.Count > 10 ? $" and {entries.Count - 10} more" : "")}.");
        var parts = new List<Part>();
        var loaded = new List<(string[] Names, double[][] Columns, int Rows)>();
        foreach (var name in names)
        {
            var first = parts.Count == 0 ? 0 : parts[^1].FirstRow + parts[^1].Rows;
            loaded.Add(LoadFile(System.IO.Path.Combine(path, name), new Origin(path, name, first)));
            parts.Add(new Part(name, first, loaded[^1].Rows));
        }
        // Parts without rows say nothing about a list column's length, so the columns come from the first part with rows.
        var reference = Math.Max(0, loaded.FindIndex(l => l.Rows > 0));
        var columns = loaded[reference].Names;
        for (var p = 0; p < loaded.Count; p++)
            if (loaded[p].Rows > 0 && !loaded[p].Names.Order(StringComparer.Ordinal).SequenceEqual(columns.Order(StringComparer.Ordinal)))
                throw new InvalidDataException($"{path}: {names[p]} has columns ({string.Join(", ", loaded[p].Names)}), {names[reference]} has ({string.Join(", ", columns)}); every part needs the same columns.");
        var values = columns.Select(c => loaded.Where(l => l.Rows > 0).SelectMany(l => l.Columns[Array.IndexOf(l.Names, c)]).ToArray()).ToArray();
        return new NumericTable(path, Zip(columns, values)) { Parts = parts };
    }

    private static (string[] Names, double[][] Columns, int Rows) LoadFile(string path, Origin origin)
    {
        var head = Head(path, File.OpenRead(path), 4);
        if (head.AsSpan().SequenceEqual("PAR1"u8)) return LoadParquet(path, origin);
        var gzip = head is [0x1f, 0x8b, ..];
        if (gzip || path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            if (!gzip) throw new InvalidDataException($"{path}: the name ends in .gz but the file is not gzip-compressed.");
            var content = Head(path, Gunzip(path), 512);
            if (content.AsSpan().StartsWith("PAR1"u8))
                throw new InvalidDataException($"{path}: gzip is supported for CSV only, and this is a gzip-compressed Parquet file; Parquet compresses its own columns, so give it as a plain .parquet file.");
            if (content.Contains((byte)0))
                throw new InvalidDataException($"{path}: gzip is supported for CSV only, and what this file holds is not CSV text.");
            try
            {
                using var reader = new StreamReader(Gunzip(path));
                return LoadCsv(reader, origin);
            }
            catch (InvalidDataException e) when (e.TargetSite?.DeclaringType?.Namespace?.StartsWith("System.IO.Compression", StringComparison.Ordinal) == true)
            {
                throw new InvalidDataException($"{path}: damaged gzip data ({e.Message}).", e);
            }
        }
        if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)) return LoadParquet(path, origin);
        using var text = new StreamReader(path);
        return LoadCsv(text, origin);
    }

    private static System.IO.Compression.GZipStream Gunzip(string path) => new(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress);

    private static byte[] Head(string path, Stream stream, int count)
    {
        using (stream)
        {
            var buffer = new byte[count];
            var read = 0;
            try
            {
                while (read < count && stream.Read(buffer, read, count - read) is var n and > 0) read += n;
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{path}: damaged gzip data ({e.Message}).", e);
            }
            return buffer[..read];
        }
    }

    private static Dictionary<string, double[]> Zip(string[] names, double[][] columns) =>
        names.Select((n, c) => (n, columns[c])).ToDictionary(p => p.n, p => p.Item2);

    private InvalidDataException NoColumn(string name) =>
        new($"{Path}: no column '{name}' (columns: {string.Join(", ", Columns.Keys)}).");

    /// <summary>Where the rows being read come from: a file, or a part of a folder whose first row is
    /// <paramref name="FirstRow"/> of the table.</summary>
    private readonly record struct Origin(string Path, string? Part, int FirstRow)
    {
        /// <summary>The file itself, for messages about the whole file.</summary>
        public string File => Part is null ? Path : System.IO.Path.Combine(Path, Part);

        /// <summary>Row <paramref name="row"/> (0-based, within the file) as messages name it.</summary>
        public string At(int row, string? column = null) =>
            $"{Path}, row {FirstRow + row + 1}" + (Part is null ? "" : $" ({Part}, row {row + 1})") + (column is null ? "" : $", column '{column}'");
    }
}
