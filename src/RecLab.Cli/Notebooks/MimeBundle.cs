using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive.Formatting;

namespace RecLab.Cli.Notebooks;

/// <summary>Turns a displayed value into Jupyter MIME data the way the .NET Interactive kernel does: through the
/// shared formatter registry, HTML for objects (tables, charts, RecLab results), plain text for strings.</summary>
public static class MimeBundle
{
    /// <summary>Longest text/plain fallback kept beside an HTML representation.</summary>
    public const int MaxPlainTextBeside = 4_000;

    /// <summary>The MIME bundle for <paramref name="value"/>; <paramref name="mimeTypes"/> restricts it when given.</summary>
    public static IReadOnlyDictionary<string, string> For(object? value, IReadOnlyList<string>? mimeTypes = null)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (value is null)
        {
            data[PlainTextFormatter.MimeType] = Formatter.NullString;
            return data;
        }
        var wanted = mimeTypes is { Count: > 0 }
            ? mimeTypes
            : value is string ? [PlainTextFormatter.MimeType]
            : value is IHtmlContent ? [HtmlFormatter.MimeType]
            : [HtmlFormatter.MimeType, PlainTextFormatter.MimeType];
        foreach (var mime in wanted)
        {
            var text = value is IHtmlContent html && mime == HtmlFormatter.MimeType ? Render(html) : value.ToDisplayString(mime);
            if (mime == PlainTextFormatter.MimeType && wanted.Count > 1 && text.Length > MaxPlainTextBeside)
                text = text[..MaxPlainTextBeside] + "…";
            data[mime] = text;
        }
        return data;
    }

    private static string Render(IHtmlContent html)
    {
        using var writer = new StringWriter();
        html.WriteTo(writer, System.Text.Encodings.Web.HtmlEncoder.Default);
        return writer.ToString();
    }
}
