using System.Text.Json;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Cli.Commands;

public sealed class AbCommandTests
{
    [Fact]
    public async Task Json_prints_one_record_per_treatment_and_metric_with_the_courses_column_names_and_writes_a_report()
    {
        using var dir = new TempDir();
        await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(2), "world", "generate", "--small", "--out", "w");
        await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(2), "simulate", "--world", "w", "--episodes", "3000", "--experiment", "STICKY",
            "--arm", "C=random", "--arm", "T1=sticky-artist", "--out", "logs");

        var result = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(2), "ab", "logs", "--experiment", "STICKY", "--json", "--report", "ab.html");

        Assert.True(result.ExitCode == 0, result.StdErr);
        var records = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(5, records.Count);
        Assert.All(records, r => Assert.Equal(
            ["treatment", "metric", "effect", "upper", "lower", "control_mean", "treatment_mean", "significant", "p_value", "p_adjusted"],
            r.EnumerateObject().Select(p => p.Name)));
        var target = records.Single(r => r.GetProperty("metric").GetString() == "mean_time_per_session");
        Assert.True(target.GetProperty("significant").GetBoolean());
        var html = File.ReadAllText(dir.File("ab.html"));
        Assert.Contains("A/B analysis: STICKY", html);
        Assert.Contains("class=\"reclab-plot\"", html);
    }

    [Fact]
    public async Task An_unknown_experiment_is_a_usage_error_naming_the_experiments_found()
    {
        using var dir = new TempDir();
        await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(2), "world", "generate", "--small", "--out", "w");
        await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(2), "simulate", "--world", "w", "--episodes", "300", "--out", "logs");

        var result = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(1), "ab", "logs", "--experiment", "NOPE");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("experiments found: BASELINES", result.StdErr);
    }

    [Fact]
    public async Task A_bad_order_is_a_usage_error_naming_the_value()
    {
        using var dir = new TempDir();

        var result = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(1), "ab", "logs", "--experiment", "E", "--order", "sideways");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--order 'sideways': must be chain or course", result.StdErr);
    }

    [Fact]
    public async Task On_a_log_without_session_ids_json_records_carry_the_order_the_tied_rows_and_both_effects()
    {
        using var dir = new TempDir();
        var (r1, r2) = TiedCourseLog.Write(dir, "EXP", seed: 15);

        var chain = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(1), "ab", r1, r2, "--experiment", "EXP", "--json");
        var course = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(1), "ab", r1, r2, "--experiment", "EXP", "--json", "--order", "course");

        Assert.True(chain.ExitCode == 0, chain.StdErr);
        Assert.True(course.ExitCode == 0, course.StdErr);
        List<JsonElement> Records(CliProcess.Result r) => r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var (byChain, byCourse) = (Records(chain), Records(course));
        Assert.Equal(5, byChain.Count);
        for (var i = 0; i < byChain.Count; i++)
        {
            Assert.Equal("chain", byChain[i].GetProperty("order").GetString());
            Assert.Equal("course", byCourse[i].GetProperty("order").GetString());
            Assert.True(byChain[i].GetProperty("tied_rows").GetInt64() > 0);
            Assert.Equal(byChain[i].GetProperty("effect").GetDouble(), byChain[i].GetProperty("effect_chain").GetDouble());
            Assert.Equal(byCourse[i].GetProperty("effect").GetDouble(), byCourse[i].GetProperty("effect_course").GetDouble());
            Assert.Equal(byChain[i].GetProperty("effect_course").GetDouble(), byCourse[i].GetProperty("effect").GetDouble());
            Assert.Equal(byChain[i].GetProperty("significant").GetBoolean(), byChain[i].GetProperty("significant_chain").GetBoolean());
        }
        Assert.Contains(byChain, r => r.GetProperty("effect_chain").GetDouble() != r.GetProperty("effect_course").GetDouble());
    }
}
