using System.Globalization;

namespace RecLab.IO;

public sealed partial record NumericTable
{
    /// <summary>CSV as pandas' <c>to_csv(index=False)</c> writes numbers: a header row, comma-separated invariant
    /// numbers, optionally quoted; blank lines are skipped and are not rows.</summary>
    private static (string[] Names, double[][] Columns, int Rows) LoadCsv(TextReader reader, Origin origin)
    {
        var header = reader.ReadLine() ?? throw new InvalidDataException($"{origin.File}: empty file (expected a header row).");
        var names = header.Split(',').Select(Unquote).ToArray();
        if (names.Length > 1 && names[0].Length == 0 && names.Skip(1).All(n => n.Length > 0))
            throw new InvalidDataException($"{origin.File}: the header's first column has no name ('{header}'), as pandas writes its index; write the file with index=False.");
        if (names.Any(string.IsNullOrEmpty) || names.Distinct().Count() != names.Length)
            throw new InvalidDataException($"{origin.File}: the header needs distinct, non-empty column names ('{header}').");
        var columns = names.Select(_ => new List<double>()).ToArray();
        var row = 0;
        while (reader.ReadLine() is { } text)
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            var fields = text.Split(',');
            if (fields.Length != names.Length)
                throw new InvalidDataException($"{origin.At(row)}: {fields.Length} fields, the header has {names.Length}.");
            for (var c = 0; c < names.Length; c++)
            {
                var field = Unquote(fields[c]);
                if (field.Length == 0) throw new InvalidDataException($"{origin.At(row, names[c])}: empty (a missing value).");
                if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                    throw new InvalidDataException($"{origin.At(row, names[c])}: '{field}' is not a number.");
                columns[c].Add(value);
            }
            row++;
        }
        return (names, columns.Select(c => c.ToArray()).ToArray(), row);
    }

    private static string Unquote(string field) => field.Trim().Trim('"').Trim();
}
