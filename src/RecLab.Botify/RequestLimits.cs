using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace RecLab.Web;

/// <summary>
/// Size limits on the request line and headers, answered by the service itself as 414 and 431 with its JSON
/// <c>{"error": ...}</c> body. Kestrel answers its own limit violations with an empty body and offers no hook to change
/// that (aspnet/KestrelHttpServer#2947), so its limits are set <see cref="KestrelFactor"/> times higher and these checks,
/// at Kestrel's usual defaults, run first. Beyond Kestrel's raised limits a client still gets Kestrel's empty 414/431.
/// nginx in front (environment/nginx/json-errors.conf) rejects anything over the same sizes before a replica sees it.
/// </summary>
public static class RequestLimits
{
    /// <summary>Longest request target (path and query, as sent) in bytes: Kestrel's default request line size.</summary>
    public const int MaxTargetBytes = 8192;

    /// <summary>Most bytes of header names and values in all: Kestrel's default total header size.</summary>
    public const int MaxHeaderBytes = 32768;

    /// <summary>Most headers: Kestrel's default count.</summary>
    public const int MaxHeaderCount = 100;

    /// <summary>How much higher Kestrel's own limits are set than the service's.</summary>
    public const int KestrelFactor = 8;

    /// <summary>Raises Kestrel's request line and header limits above the service's, so the service answers first.</summary>
    public static void Configure(KestrelServerLimits limits)
    {
        limits.MaxRequestLineSize = MaxTargetBytes * KestrelFactor;
        limits.MaxRequestHeadersTotalSize = MaxHeaderBytes * KestrelFactor;
        limits.MaxRequestHeaderCount = MaxHeaderCount * KestrelFactor;
    }

    /// <summary>The status and message for a request over a limit, or null when it is within them.</summary>
    public static (int Status, string Message)? Check(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        if (target.Length > MaxTargetBytes)
            return (StatusCodes.Status414RequestUriTooLong, $"the request target is {target.Length} bytes, more than {MaxTargetBytes}");
        long bytes = 0;
        foreach (var header in context.Request.Headers)
        {
            bytes += header.Key.Length;
            foreach (var value in header.Value) bytes += value?.Length ?? 0;
        }
        if (context.Request.Headers.Count > MaxHeaderCount)
            return (StatusCodes.Status431RequestHeaderFieldsTooLarge, $"the request has {context.Request.Headers.Count} headers, more than {MaxHeaderCount}");
        return bytes > MaxHeaderBytes
            ? (StatusCodes.Status431RequestHeaderFieldsTooLarge, $"the request headers are {bytes} bytes in all, more than {MaxHeaderBytes}")
            : null;
    }
}
