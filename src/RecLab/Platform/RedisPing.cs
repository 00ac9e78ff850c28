using System.Net.Sockets;
using System.Text;

namespace RecLab.Platform;

/// <summary>Checks that a Redis server answers, with a raw RESP <c>PING</c> (no client library needed).</summary>
public static class RedisPing
{
    /// <summary>Sends PING to <paramref name="address"/> (<c>host:port</c>); null when it answered PONG, else why not.</summary>
    public static string? TryPing(string address, TimeSpan timeout)
    {
        var colon = address.LastIndexOf(':');
        var host = colon > 0 ? address[..colon] : address;
        if (!int.TryParse(colon > 0 ? address[(colon + 1)..] : "6379", out var port))
            return $"'{address}' is not HOST:PORT";
        try
        {
            using var client = new TcpClient();
            if (!client.ConnectAsync(host, port).Wait(timeout)) return "no answer (timeout)";
            var stream = client.GetStream();
            stream.ReadTimeout = (int)timeout.TotalMilliseconds;
            stream.Write("*1\r\n$4\r\nPING\r\n"u8);
            var buffer = new byte[64];
            var read = stream.Read(buffer);
            var reply = Encoding.ASCII.GetString(buffer, 0, read).Trim();
            return reply == "+PONG" ? null : $"unexpected reply '{reply}'";
        }
        catch (Exception e) when (e is SocketException or IOException or AggregateException)
        {
            return (e.InnerException ?? e).Message;
        }
    }
}
