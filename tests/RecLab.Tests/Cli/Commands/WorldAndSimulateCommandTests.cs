using System.Text.Json;
using RecLab.Events;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Cli.Commands;

public sealed class WorldAndSimulateCommandTests
{
    [Fact]
    public async Task A_generated_world_feeds_a_simulation_that_writes_a_complete_log_and_the_course_log()
    {
        using var dir = new TempDir();

        var world = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(2), "world", "generate", "--small", "--out", "w", "--seed", "3");
        var sim = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(2), "simulate", "--world", "w", "--episodes", "2000",
            "--arm", "C=random", "--arm", "T1=no-repeat(sticky-artist)", "--out", "logs", "--course-log", "--json");

        Assert.True(world.ExitCode == 0, world.StdErr);
        Assert.Contains("5,000 tracks", world.StdOut);
        Assert.True(sim.ExitCode == 0, sim.StdErr);
        using var json = JsonDocument.Parse(sim.StdOut);
        Assert.Equal(2000, json.RootElement.GetProperty("episodes").GetInt64());
        var arms = json.RootElement.GetProperty("arms").EnumerateArray().ToList();
        Assert.Equal(["C", "T1"], arms.Select(a => a.GetProperty("arm").GetString()));
        Assert.True(arms[1].GetProperty("mean_time_per_session").GetDouble() > arms[0].GetProperty("mean_time_per_session").GetDouble());
        var events = EventLogReader.Read(dir.File("logs"));
        Assert.Equal(File.ReadLines(dir.File("logs/data.json")).Count(), events.Count);
    }

    [Fact]
    public async Task Bad_input_gives_a_clear_error_and_exit_code_2()
    {
        using var dir = new TempDir();
        await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(2), "world", "generate", "--small", "--out", "w");

        var badArm = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(1), "simulate", "--world", "w", "--arm", "C=svd", "--out", "o");
        var noWorld = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(1), "simulate", "--world", "nowhere", "--out", "o");
        var badImport = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(1), "world", "import", "--tracks", "t.json", "--embeddings", "t.npy", "--users", "u.json", "--out", "x");

        Assert.Equal(2, badArm.ExitCode);
        Assert.Contains("unknown recommender 'svd'", badArm.StdErr);
        Assert.Equal(2, noWorld.ExitCode);
        Assert.Contains("no RecLab world at nowhere", noWorld.StdErr);
        Assert.Equal(2, badImport.ExitCode);
        Assert.Contains("t.json does not exist", badImport.StdErr);
    }
    [Fact]
    public async Task The_embedded_simulator_honours_first_session_and_its_log_names_the_world()
    {
        using var dir = new TempDir();
        await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(2), "world", "generate", "--small", "--out", "w", "--seed", "3");

        var sim = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(2), "simulate", "--world", "w", "--episodes", "300", "--first-session", "5000000", "--out", "logs");

        Assert.True(sim.ExitCode == 0, sim.StdErr);
        var events = EventLogReader.Read(dir.File("logs"));
        Assert.Equal(Enumerable.Range(5_000_000, 300).Select(i => (long)i), events.Session.Distinct().Order());
        var world = RecLab.World.WorldFile.Load(dir.File("w"));
        Assert.Equal(world.Fingerprint.ToString("x16"), Assert.Single(EventLogWorld.Read([dir.File("logs")])).World);
    }
}
