using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using RecLab.Platform;

namespace RecLab.Tests.TestSupport;

/// <summary>A redis-server of the tests' own on a free loopback port (installed by environment/setup.sh).</summary>
public sealed class RedisServer : IDisposable
{
    private Process? _process;

    /// <summary>Starts a server on a free port.</summary>
    public RedisServer() : this(Ports.Free())
    {
    }

    /// <summary>Starts a server on <paramref name="port"/>.</summary>
    public RedisServer(int port)
    {
        Port = port;
        Start();
    }

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>.</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Starts (again) on the same port.</summary>
    public void Start()
    {
        Assert.True(File.Exists("/usr/bin/redis-server"), "redis-server is missing: run bash environment/setup.sh (the test command does).");
        var start = new ProcessStartInfo("/usr/bin/redis-server") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--bind", "127.0.0.1", "--port", Port.ToString(), "--save", "", "--appendonly", "no" }) start.ArgumentList.Add(arg);
        _process = Process.Start(start)!;
        var clock = Stopwatch.StartNew();
        while (RedisPing.TryPing(Address, TimeSpan.FromMilliseconds(200)) is not null)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"redis-server did not answer on {Address}");
            Thread.Sleep(50);
        }
    }

    /// <summary>Kills the server (as if Redis were lost).</summary>
    public void Kill()
    {
        if (_process is null) return;
        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
        _process = null;
    }

    /// <inheritdoc />
    public void Dispose() => Kill();
}

/// <summary>Free loopback ports.</summary>
public static class Ports
{
    /// <summary>A port nothing listens on right now.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
