using System.Text.Json;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Cli.Commands;

public sealed class TrainCommandTests
{
    [Fact]
    public async Task Train_dssm_and_core_find_the_runs_world_write_models_and_print_offline_metrics_as_JSON()
    {
        using var dir = new TempDir();
        await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(2), "world", "generate", "--small", "--out", "run/world");
        await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(2), "simulate", "--world", "run/world", "--episodes", "8000", "--out", "run/logs/baselines");

        var dssm = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(3), "train", "dssm", "--log", "run/logs/baselines", "--out", "run/artifacts/dssm",
            "--epochs", "2", "--device", "cpu", "--json");
        var core = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(3), "train", "core", "--log", "run/logs/baselines", "--out", "run/artifacts/core",
            "--variant", "Ave", "--epochs", "2", "--json");

        Assert.True(dssm.ExitCode == 0, dssm.StdErr);
        Assert.True(core.ExitCode == 0, core.StdErr);
        var d = JsonDocument.Parse(dssm.StdOut).RootElement;
        Assert.Equal("cpu", d.GetProperty("device").GetString());
        Assert.Equal(["DSSM", "popularity", "DSSM", "popularity"], d.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("model").GetString()));
        Assert.Contains("global time split", d.GetProperty("protocol").GetString());
        var c = JsonDocument.Parse(core.StdOut).RootElement;
        Assert.Contains(c.GetProperty("metrics").EnumerateArray(), m => m.GetProperty("model").GetString() == "CORE-ave" && m.GetProperty("k").GetInt32() == 20);
        var memory = c.GetProperty("memory");
        Assert.True(memory.GetProperty("within_bound").GetBoolean(), memory.ToString());
        Assert.True(memory.GetProperty("peak_memory_mb").GetDouble() >= memory.GetProperty("resident_before_training_mb").GetDouble(), memory.ToString());
        Assert.True(File.Exists(dir.File("run/artifacts/dssm/top100.jsonl")));
        Assert.True(File.Exists(dir.File("run/artifacts/core/model.json")));
    }

    [Fact]
    public async Task A_log_without_a_world_nearby_is_a_usage_error_that_says_what_to_give()
    {
        using var dir = new TempDir();
        await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(2), "world", "generate", "--small", "--out", "w");
        await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(2), "simulate", "--world", "w", "--episodes", "300", "--out", "logs");

        var result = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(1), "train", "dssm", "--log", "logs", "--out", "m");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no world/ folder found above", result.StdErr);
        Assert.Contains("give --world", result.StdErr);
    }

    [Fact]
    public async Task Out_on_a_folder_that_is_not_a_model_is_refused_and_left_as_it_was()
    {
        using var dir = new TempDir();
        await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(2), "world", "generate", "--small", "--out", "run/world");
        await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(2), "simulate", "--world", "run/world", "--episodes", "300", "--out", "run/logs");
        Directory.CreateDirectory(dir.File("notes"));
        File.WriteAllText(dir.File("notes/thesis.txt"), "chapter 1");
        var logFiles = Directory.GetFiles(dir.File("run/logs")).Length;

        var onLog = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(1), "train", "dssm", "--log", "run/logs", "--out", "run/logs", "--epochs", "1");
        var onRun = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(1), "train", "dssm", "--log", "run/logs", "--out", "run", "--epochs", "1");
        var onNotes = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(1), "train", "dssm", "--log", "run/logs", "--out", "notes", "--epochs", "1");

        Assert.Equal((2, 2, 2), (onLog.ExitCode, onRun.ExitCode, onNotes.ExitCode));
        Assert.Contains("which training reads", onLog.StdErr);
        Assert.Contains("which training reads", onRun.StdErr);
        Assert.Contains("is not a model folder", onNotes.StdErr);
        Assert.Equal(logFiles, Directory.GetFiles(dir.File("run/logs")).Length);
        Assert.Equal("chapter 1", File.ReadAllText(dir.File("notes/thesis.txt")));
    }
    [Fact]
    public async Task Train_refuses_a_world_other_than_the_one_the_log_was_played_in_even_of_the_same_size()
    {
        using var dir = new TempDir();
        await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(2), "world", "generate", "--small", "--out", "run/world");
        await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(2), "world", "generate", "--small", "--seed", "43", "--out", "other");
        await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(2), "simulate", "--world", "run/world", "--episodes", "500", "--out", "run/logs/baselines");

        var train = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(2), "train", "dssm", "--log", "run/logs/baselines", "--world", "other",
            "--out", "run/artifacts/dssm", "--epochs", "1", "--device", "cpu");

        Assert.Equal(2, train.ExitCode);
        Assert.Contains("events.parquet was played in world ", train.StdErr);
        Assert.Contains("but the world at other is ", train.StdErr);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "run", "artifacts", "dssm")), "nothing was written");
    }
}
