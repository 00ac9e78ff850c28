using System.CommandLine;
using System.Text.Json;
using RecLab.Platform;
using Spectre.Console;

namespace RecLab.Cli.Commands;

/// <summary><c>reclab doctor [--json] [--redis HOST:PORT]</c>: what this machine has for RecLab, with advice.</summary>
public static class DoctorCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the checks as JSON." };
        var redis = new Option<string?>("--redis") { Description = "Redis address to probe (HOST:PORT); default RECLAB_REDIS or localhost:6379." };
        var command = new Command("doctor", "Check .NET, TorchSharp (repairing its native shim where needed), CUDA, Redis and the notebook kernel.") { json, redis };
        command.SetAction(result =>
        {
            var report = EnvironmentReport.Collect(result.GetValue(redis));
            if (result.GetValue(json))
            {
                var payload = new
                {
                    healthy = report.Healthy,
                    checks = report.Checks.Select(c => new { name = c.Name, status = c.Status.ToString().ToLowerInvariant(), value = c.Value, advice = c.Advice }),
                };
                Terminal.StdOut.WriteLine(JsonSerializer.Serialize(payload, new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                var table = new Table().AddColumns("check", "status", "found", "advice");
                foreach (var c in report.Checks)
                {
                    var color = c.Status switch { CheckStatus.Ok => "green", CheckStatus.Warning => "yellow", _ => "red" };
                    table.AddRow(Markup.Escape(c.Name), $"[{color}]{c.Status}[/]", Markup.Escape(c.Value), Markup.Escape(c.Advice ?? ""));
                }
                Terminal.Out.Write(table);
            }
            return report.Healthy ? 0 : 1;
        });
        return command;
    }
}
