using System.Net;
using System.Net.Sockets;
using RecLab.Tests.TestSupport;
using RecLab.World;

namespace RecLab.Tests.Cli.Commands;

/// <summary><c>reclab serve</c> refuses bad start-up input with one clear line and exit code 2, no stack trace.</summary>
public sealed class ServeCommandTests
{
    [Fact]
    public async Task A_configuration_file_with_a_JSON_syntax_error_is_named_with_its_line_and_column()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("botify.json"), "{\n  \"World\": \"world\",\n  \"Seed\": 3,,\n}\n");

        var serve = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(1), "serve", "--config", "botify.json", "--urls", "http://127.0.0.1:1");

        Assert.Equal(2, serve.ExitCode);
        Assert.Contains("configuration file botify.json, line 3, column 13:", serve.StdErr);
        Assert.DoesNotContain("   at ", serve.StdErr);
    }

    [Fact]
    public async Task A_port_in_use_is_one_error_line_with_exit_code_2_and_no_listening_claim()
    {
        using var dir = new TempDir();
        WorldFile.Save(Worlds.Small, dir.File("world"));
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var serve = await CliProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(1), "serve", "--world", "world", "--urls", $"http://127.0.0.1:{port}");

        Assert.Equal(2, serve.ExitCode);
        Assert.Contains($"127.0.0.1:{port}: address already in use", serve.StdErr);
        Assert.DoesNotContain("listening on", serve.StdErr);
        Assert.DoesNotContain("   at ", serve.StdErr);
        Assert.DoesNotContain("Exception", serve.StdErr);
    }
}
