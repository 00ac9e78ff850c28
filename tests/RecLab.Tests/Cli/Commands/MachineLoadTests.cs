using RecLab.Cli.Commands;

namespace RecLab.Tests.Cli.Commands;

public sealed class MachineLoadTests
{
    [Fact]
    public void The_report_gives_the_cores_and_on_Linux_the_load_average_of_proc_loadavg()
    {
        using var load = MachineLoad.Start();
        var report = load.Report();

        Assert.Equal(Environment.ProcessorCount, report["cores"]);
        if (!OperatingSystem.IsLinux()) return;
        var now = double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange((double)report["load_after"], now - 1, now + 1);
        Assert.True((double)report["load_max"] >= (double)report["load_before"]);
        Assert.True((double)report["other_processes_cores"] >= 0);
    }
}
