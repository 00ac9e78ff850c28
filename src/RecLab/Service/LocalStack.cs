using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RecLab.Service;

/// <summary>What <see cref="LocalStack.Start"/> starts.</summary>
public sealed record LocalStackOptions
{
    /// <summary>Folder for the stack's pid files, configuration and process logs.</summary>
    public required string Dir { get; init; }

    /// <summary>World folder the replicas serve.</summary>
    public required string World { get; init; }

    /// <summary>Folder for the replicas' event logs (default <c>Dir/logs</c>).</summary>
    public string? LogDir { get; init; }

    /// <summary>Service replicas sharing one Redis.</summary>
    public int Replicas { get; init; } = 2;

    /// <summary>Whether to put nginx in front of the replicas.</summary>
    public bool Nginx { get; init; } = true;

    /// <summary>Service configuration file (experiments, seed); null serves the baselines.</summary>
    public string? Config { get; init; }

    /// <summary>C# files with the user's own recommender classes, compiled by every replica at start
    /// (<c>reclab serve --recommenders</c>); empty: none.</summary>
    public IReadOnlyList<string> Recommenders { get; init; } = [];

    /// <summary>How to run <c>reclab</c>, e.g. <c>dotnet /path/RecLab.Cli.dll</c>; null lets the script use (and build) the Release build.</summary>
    public string? Cli { get; init; }

    /// <summary><c>environment/stack.sh</c>; null finds it above the current folder.</summary>
    public string? Script { get; init; }
}

/// <summary>
/// The service stack on loopback, started and stopped by <c>environment/stack.sh</c> (the script users run by hand):
/// redis-server, <see cref="LocalStackOptions.Replicas"/> replicas of <c>reclab serve</c> sharing it, and nginx in front,
/// each on a free port. Disposing stops it gracefully: replicas get SIGTERM, drain, and complete their event logs.
/// </summary>
public sealed class LocalStack : IDisposable
{
    private readonly string _script;
    private bool _stopped;

    private LocalStack(string script, string dir, string logDir, Uri? nginx, IReadOnlyList<Uri> replicas, string redis)
    {
        _script = script;
        Dir = dir;
        LogDir = logDir;
        Nginx = nginx;
        Replicas = replicas;
        Redis = redis;
    }

    /// <summary>The stack's folder.</summary>
    public string Dir { get; }

    /// <summary>Where the replicas write their event logs.</summary>
    public string LogDir { get; }

    /// <summary>nginx's address, or null when started without it.</summary>
    public Uri? Nginx { get; }

    /// <summary>Each replica's address.</summary>
    public IReadOnlyList<Uri> Replicas { get; }

    /// <summary>Redis <c>host:port</c>.</summary>
    public string Redis { get; }

    /// <summary>The addresses a client should use: nginx when present, otherwise every replica.</summary>
    public IReadOnlyList<Uri> Entry => Nginx is null ? Replicas : [Nginx];

    /// <summary>Whether redis-server (and nginx, when <paramref name="nginx"/>) are installed, so that the stack can start.</summary>
    public static bool CanStart(bool nginx = true) =>
        OnPath("redis-server") && (!nginx || OnPath("nginx")) && OnPath("curl") && OnPath("bash");

    /// <summary><c>environment/stack.sh</c> in <paramref name="from"/> or a folder above it, or null.</summary>
    public static string? FindScript(string? from = null)
    {
        for (var dir = new DirectoryInfo(from ?? Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var script = Path.Combine(dir.FullName, "environment", "stack.sh");
            if (File.Exists(script)) return script;
        }
        return null;
    }

    /// <summary>Starts the stack and waits until every replica answers <c>/health</c>.</summary>
    /// <exception cref="InvalidOperationException">The script is not found or the stack did not start; the message has the script's output.</exception>
    public static LocalStack Start(LocalStackOptions options)
    {
        var script = options.Script ?? FindScript() ?? throw new InvalidOperationException(
            $"environment/stack.sh not found above {Environment.CurrentDirectory}; run from the repository or set Script.");
        var dir = Path.GetFullPath(options.Dir);
        var logDir = Path.GetFullPath(options.LogDir ?? Path.Combine(dir, "logs"));
        List<string> args = [script, "start", "--dir", dir, "--world", Path.GetFullPath(options.World), "--log-dir", logDir,
            "--replicas", options.Replicas.ToString(CultureInfo.InvariantCulture),
            "--redis-port", FreePort().ToString(CultureInfo.InvariantCulture),
            "--base-port", FreePort(options.Replicas).ToString(CultureInfo.InvariantCulture),
            "--nginx-port", FreePort().ToString(CultureInfo.InvariantCulture)];
        if (!options.Nginx) args.Add("--no-nginx");
        if (options.Config is not null) args.AddRange(["--config", Path.GetFullPath(options.Config)]);
        if (options.Cli is not null) args.AddRange(["--cli", options.Cli]);
        foreach (var file in options.Recommenders) args.AddRange(["--recommenders", Path.GetFullPath(file)]);
        var (code, output) = Bash(args);
        if (code != 0)
        {
            Bash([script, "stop", "--dir", dir]);
            throw new InvalidOperationException($"the stack did not start (stack.sh exit code {code}): {output.Trim()}");
        }
        var env = File.ReadAllLines(Path.Combine(dir, "stack.env")).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        return new LocalStack(script, dir, logDir, env["NGINX_URL"].Length > 0 ? new Uri(env["NGINX_URL"] + "/") : null,
            env["REPLICA_URLS"].Split(';').Select(u => new Uri(u + "/")).ToList(), env["REDIS"]);
    }

    /// <summary>Sends SIGTERM to replica <paramref name="index"/> (0-based) and waits until it has drained and exited.</summary>
    /// <returns>Whether it exited within <paramref name="timeout"/>.</returns>
    public bool StopReplica(int index, TimeSpan? timeout = null)
    {
        var pidFile = Path.Combine(Dir, $"replica-{index + 1}.pid");
        if (!File.Exists(pidFile)) throw new ArgumentOutOfRangeException(nameof(index), $"replica {index} is not running (no {pidFile}).");
        using var process = Process.GetProcessById(int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture));
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])) kill.WaitForExit();
        var exited = process.WaitForExit(timeout ?? TimeSpan.FromSeconds(30));
        if (exited) File.Delete(pidFile);
        return exited;
    }

    /// <summary>Stops everything: replicas drain and complete their logs, then nginx and Redis stop. Idempotent.</summary>
    public void Stop()
    {
        if (_stopped) return;
        _stopped = true;
        Bash([_script, "stop", "--dir", Dir]);
    }

    /// <inheritdoc />
    public void Dispose() => Stop();

    private static (int Code, string Output) Bash(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/bin", "/sbin"]).Any(d => File.Exists(Path.Combine(d, tool)));

    /// <summary>A free loopback port followed by <paramref name="count"/> - 1 more free ones.</summary>
    private static int FreePort(int count = 1)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var first = Probe(0);
            if (Enumerable.Range(1, count - 1).All(i => first + i < 65536 && Probe(first + i) == first + i)) return first;
        }
        throw new InvalidOperationException($"no {count} consecutive free loopback ports found.");
    }

    private static int Probe(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            var bound = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return bound;
        }
        catch (SocketException)
        {
            return -1;
        }
    }
}
