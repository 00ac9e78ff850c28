using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using RecLab.Service;
using RecLab.Tests.TestSupport;
using RecLab.World;

namespace RecLab.Tests.Web;

/// <summary>
/// Errors that nginx answers itself, in front of the replicas (environment/stack.sh with
/// environment/nginx/json-errors.conf), carry a JSON body in the service's shape, like the replicas' own errors.
/// Requests are sent as raw bytes, so that malformed ones reach nginx as a hostile client would send them.
/// </summary>
public sealed class NginxErrorTests
{
    private static readonly string ValidBody = "{\"track\": 1, \"time\": 0.5}";

    public static TheoryData<string, int> BadRequests() => new()
    {
        { $"POST /next/1?{new string('q', 9000)} HTTP/1.1\r\nHost: x\r\nContent-Length: {ValidBody.Length}\r\n\r\n{ValidBody}", 414 },
        { $"GET / HTTP/1.1\r\nHost: x\r\nX-Big: {new string('h', 9000)}\r\n\r\n", 400 },
        { "GET / HTTP/1.1\r\nHost: x\r\n" + string.Concat(Enumerable.Range(0, 6).Select(i => $"X-Pad-{i}: {new string('h', 7000)}\r\n")) + "\r\n", 400 },
        { "GARBAGE\r\n\r\n", 400 },
        { "GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n", 400 },
        { $"POST /next/1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{new string(' ', 100_000)}", 413 },
        { $"POST /next/1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{new string(' ', 5000)}", 413 },
        { $"POST /next/1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\nnot json!", 400 },
        { "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n", 404 },
        { "GET /__botify_error/400 HTTP/1.1\r\nHost: x\r\n\r\n", 404 },
    };

    [Fact]
    public async Task Every_error_through_nginx_has_a_JSON_body_in_the_services_shape_also_when_no_replica_answers()
    {
        if (!LocalStack.CanStart()) Assert.Fail("redis-server and nginx are needed: run bash environment/setup.sh");
        using var dir = new TempDir();
        WorldFile.Save(Worlds.Small, dir.File("world"));
        using var stack = LocalStack.Start(new LocalStackOptions
        {
            Dir = dir.File("stack"), World = dir.File("world"), Replicas = 1,
            Script = Path.Combine(RepoPaths.Root, "environment", "stack.sh"),
            Cli = $"dotnet {Path.Combine(AppContext.BaseDirectory, "RecLab.Cli.dll")}",
        });
        var nginx = stack.Nginx ?? throw new InvalidOperationException("the stack started without nginx");

        foreach (var row in BadRequests())
        {
            var (request, expected) = ((string)row[0], (int)row[1]);
            var (status, contentType, body) = await SendRaw(nginx, request);
            var shown = request.Length > 60 ? request[..60] + "..." : request;
            Assert.True(expected == status, $"{shown}: expected {expected}, got {status} {body}");
            Assert.True(contentType == "application/json", $"{shown}: content type '{contentType}', body {body}");
            Assert.False(string.IsNullOrWhiteSpace(JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()), $"{shown}: {body}");
        }

        Assert.True(stack.StopReplica(0, TimeSpan.FromSeconds(20)), "the replica exited after SIGTERM");
        var (downStatus, downType, downBody) = await SendRaw(nginx, $"POST /next/1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {ValidBody.Length}\r\n\r\n{ValidBody}");
        Assert.Equal(502, downStatus);
        Assert.Equal("application/json", downType);
        Assert.Equal("no replica answered; try again", JsonDocument.Parse(downBody).RootElement.GetProperty("error").GetString());
    }

    /// <summary>Sends <paramref name="request"/> as bytes and reads one response (nginx closes the connection after an error,
    /// or the request asks for nothing more), giving its status, content type and body.</summary>
    private static async Task<(int Status, string? ContentType, string Body)> SendRaw(Uri server, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request.Replace("HTTP/1.1\r\nHost: x\r\n", "HTTP/1.1\r\nHost: x\r\nConnection: close\r\n", StringComparison.Ordinal)));
        }
        catch (IOException)
        {
            // nginx may answer and close before it has read all of an oversized request.
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = new MemoryStream();
        var buffer = new byte[65536];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0) received.Write(buffer, 0, read);
        }
        catch (IOException) when (received.Length > 0)
        {
            // A reset after the response (nginx closing with unread request bytes) ends the read.
        }
        var text = Encoding.UTF8.GetString(received.ToArray());
        var head = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (head < 0) throw new InvalidDataException($"no HTTP response head in '{text}'");
        var lines = text[..head].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var type = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            .Select(p => p[1].Trim().Split(';')[0]).FirstOrDefault();
        var body = text[(head + 4)..];
        if (lines.Any(l => l.StartsWith("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))) body = Unchunk(body);
        return (status, type, body);
    }

    private static string Unchunk(string chunked)
    {
        var result = new StringBuilder();
        var at = 0;
        while (true)
        {
            var end = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[at..end], 16);
            if (size == 0) return result.ToString();
            result.Append(chunked, end + 2, size);
            at = end + 2 + size + 2;
        }
    }
}
