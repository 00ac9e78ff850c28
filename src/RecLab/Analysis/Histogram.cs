namespace RecLab.Analysis;

/// <summary>Counts of values in consecutive bins: bin i holds values in [Edges[i], Edges[i+1]) (the last bin also
/// holds its upper edge). Charts draw these instead of raw values, so a report stays small whatever the data size.</summary>
/// <param name="Edges">Bin edges, ascending; one more than <paramref name="Counts"/>.</param>
/// <param name="Counts">Values per bin.</param>
public sealed record Histogram(double[] Edges, long[] Counts)
{
    /// <summary>Values counted.</summary>
    public long Total => Counts.Sum();

    /// <summary>Bin centres.</summary>
    public IEnumerable<double> Centres => Counts.Select((_, i) => (Edges[i] + Edges[i + 1]) / 2);

    /// <summary>Counts as fractions of <see cref="Total"/>.</summary>
    public IEnumerable<double> Fractions => Counts.Select(c => Total == 0 ? 0 : (double)c / Total);

    /// <summary><paramref name="bins"/> equal bins over [<paramref name="min"/>, <paramref name="max"/>]; values outside
    /// are clamped into the first or last bin.</summary>
    public static Histogram Of(IEnumerable<double> values, double min, double max, int bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (!(max > min)) throw new ArgumentException($"the range [{min}, {max}] is empty.", nameof(max));
        var counts = new long[bins];
        var width = (max - min) / bins;
        foreach (var v in values)
        {
            if (double.IsNaN(v)) continue;
            counts[Math.Clamp((int)Math.Floor((v - min) / width), 0, bins - 1)]++;
        }
        return new Histogram(Enumerable.Range(0, bins + 1).Select(i => min + i * width).ToArray(), counts);
    }

    /// <summary>One bin per integer from <paramref name="min"/> to <paramref name="max"/> (values above <paramref name="max"/>
    /// go to the last bin), e.g. tracks per session.</summary>
    public static Histogram OfIntegers(IEnumerable<int> values, int min, int max) =>
        Of(values.Select(v => (double)v), min - 0.5, max + 0.5, max - min + 1);
}
