using System.Diagnostics;
using System.Globalization;

namespace RecLab.Cli.Commands;

/// <summary>
/// The machine's load while a benchmark ran, so that a figure taken on a busy machine is visible as such: the 1-minute
/// load average before, after and at its highest (sampled every second), and the cores that other processes kept busy
/// (all CPU time in <c>/proc/stat</c> minus this process's own, over the wall time). Where <c>/proc</c> is missing (not
/// Linux) only the core count is reported.
/// </summary>
public sealed class MachineLoad : IDisposable
{
    private readonly Timer _timer;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly double _loadBefore;
    private readonly double? _busyBefore;
    private readonly TimeSpan _ownBefore;
    private double _loadMax;

    private MachineLoad()
    {
        _loadBefore = LoadAverage() ?? double.NaN;
        _loadMax = _loadBefore;
        _busyBefore = BusySeconds();
        _ownBefore = Process.GetCurrentProcess().TotalProcessorTime;
        _timer = new Timer(_ => Sample(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>Starts watching the machine.</summary>
    public static MachineLoad Start() => new();

    /// <summary>The figures so far, as fields of a benchmark report: <c>cores</c>, <c>load_before</c>, <c>load_after</c>,
    /// <c>load_max</c> (1-minute averages) and <c>other_processes_cores</c>.</summary>
    public IReadOnlyDictionary<string, object> Report()
    {
        Sample();
        var report = new Dictionary<string, object> { ["cores"] = Environment.ProcessorCount };
        var after = LoadAverage();
        if (after is null) return report;
        report["load_before"] = Math.Round(_loadBefore, 2);
        report["load_after"] = Math.Round(after.Value, 2);
        report["load_max"] = Math.Round(_loadMax, 2);
        var busy = BusySeconds();
        var own = (Process.GetCurrentProcess().TotalProcessorTime - _ownBefore).TotalSeconds;
        var wall = _clock.Elapsed.TotalSeconds;
        if (busy is not null && _busyBefore is not null && wall > 0)
            report["other_processes_cores"] = Math.Round(Math.Max(0, (busy.Value - _busyBefore.Value - own) / wall), 2);
        return report;
    }

    /// <summary>The load fields in one line, for a benchmark's progress text.</summary>
    public string Line() => string.Join(", ", Report().Select(kv => $"{kv.Key} {Convert.ToString(kv.Value, CultureInfo.InvariantCulture)}"));

    /// <summary>Adds <see cref="Report"/>'s fields to <paramref name="report"/> and returns it.</summary>
    public Dictionary<string, object> AddTo(Dictionary<string, object> report)
    {
        foreach (var (key, value) in Report()) report[key] = value;
        return report;
    }

    /// <inheritdoc />
    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        var load = LoadAverage();
        if (load is not null) lock (_timer) _loadMax = Math.Max(_loadMax, load.Value);
    }

    private static double? LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>CPU seconds spent busy (all but idle and iowait) by every core since boot, from <c>/proc/stat</c>.</summary>
    private static double? BusySeconds()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var busy = fields.Sum() - fields[3] - fields[4] - (fields.Length > 8 ? fields[8] + (fields.Length > 9 ? fields[9] : 0) : 0);
            return busy / 100.0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }
}
