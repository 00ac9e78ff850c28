using Microsoft.AspNetCore.Builder;
using RecLab.Web;
using RecLab.Service;
using RecLab.World;

namespace RecLab.Tests.TestSupport;

/// <summary>A Botify replica running in the test process on a free loopback port.</summary>
public sealed class ReplicaHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ReplicaHost(WebApplication app, string logDir, int port)
    {
        _app = app;
        LogDir = logDir;
        Address = new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>The replica's base address.</summary>
    public Uri Address { get; }

    /// <summary>Where it logs.</summary>
    public string LogDir { get; }

    /// <summary>Saves <paramref name="world"/> (once per folder) and starts a replica serving it.</summary>
    public static async Task<ReplicaHost> StartAsync(MusicWorld world, TempDir dir, string replica, string? redis = null,
        Dictionary<string, string>? arms = null, double logRollSeconds = 60, IReadOnlyList<string>? recommenders = null)
    {
        var worldDir = dir.File("world");
        if (!File.Exists(Path.Combine(worldDir, WorldFile.FileName))) WorldFile.Save(world, worldDir);
        var config = new BotifyConfig
        {
            World = worldDir,
            LogDir = dir.File("logs"),
            Replica = replica,
            Redis = redis ?? "",
            LogRollSeconds = logRollSeconds,
            Recommenders = recommenders?.ToList() ?? [],
            Experiments = arms is null ? [] : [new ExperimentConfig { Name = "E", Arms = arms }],
        };
        var port = Ports.Free();
        var app = BotifyHost.Build(config, dir.Path, [$"http://127.0.0.1:{port}"]);
        await app.StartAsync();
        return new ReplicaHost(app, config.LogDir, port);
    }

    /// <summary>Stops gracefully (drains requests, completes the log).</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
