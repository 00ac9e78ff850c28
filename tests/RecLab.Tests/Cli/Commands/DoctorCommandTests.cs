using System.Text.Json;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Cli.Commands;

public sealed class DoctorCommandTests
{
    [Fact]
    public async Task Doctor_json_reports_TorchSharp_loaded_and_advice_for_what_is_missing()
    {
        var result = await CliProcess.RunAsync(RepoPaths.Root, TimeSpan.FromMinutes(1), "doctor", "--json", "--redis", "127.0.0.1:1");

        Assert.True(result.ExitCode == 0, result.StdErr);
        using var json = JsonDocument.Parse(result.StdOut);
        Assert.True(json.RootElement.GetProperty("healthy").GetBoolean());
        var checks = json.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal("ok", checks["TorchSharp native backend"].GetProperty("status").GetString());
        Assert.StartsWith("loaded (TorchSharp-cpu)", checks["TorchSharp native backend"].GetProperty("value").GetString());
        Assert.Contains("0.107.0", checks["TorchSharp"].GetProperty("value").GetString());
        Assert.Equal("warning", checks["Redis"].GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(checks["Redis"].GetProperty("advice").GetString()));
        Assert.True(checks.ContainsKey("CUDA"));
        Assert.True(checks.ContainsKey(".NET Interactive kernel"));
    }
}
