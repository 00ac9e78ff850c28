namespace RecLab.Recommenders;

/// <summary>
/// A recommender written as text, as experiments are configured: <c>random</c>, <c>toppop:100</c>,
/// <c>sticky-artist</c>, <c>indexed:lists.jsonl</c>, <c>no-repeat(sticky-artist)</c>,
/// <c>fallback(indexed-ranked:dssm.jsonl, sticky-artist, random)</c>. A name, an optional <c>:argument</c>, and
/// optional parenthesised inner specs.
/// </summary>
/// <param name="Name">The recommender's name, lower case.</param>
/// <param name="Argument">The text after <c>:</c> (a size, a file), or null.</param>
/// <param name="Inner">Inner specs of wrappers and chains.</param>
public sealed record RecommenderSpec(string Name, string? Argument, IReadOnlyList<RecommenderSpec> Inner)
{
    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">Malformed text; the message quotes it and says where.</exception>
    public static RecommenderSpec Parse(string text)
    {
        var position = 0;
        var spec = ParseOne(text, ref position);
        SkipSpaces(text, ref position);
        if (position != text.Length) throw Error(text, position, "unexpected text after the recommender");
        return spec;
    }

    /// <summary>The spec with file and folder arguments shortened to their last path part (<c>dssm-session:dssm</c> for
    /// <c>dssm-session:/home/me/runs/x/data/artifacts/dssm</c>), for tables and charts.</summary>
    public string Label =>
        Name + (Argument is null ? "" : ":" + (Argument.Contains('/') || Argument.Contains('\\') ? Path.GetFileName(Argument.TrimEnd('/', '\\')) : Argument)) +
        (Inner.Count == 0 ? "" : "(" + string.Join(", ", Inner.Select(i => i.Label)) + ")");

    /// <inheritdoc />
    public override string ToString() =>
        Name + (Argument is null ? "" : ":" + Argument) + (Inner.Count == 0 ? "" : "(" + string.Join(", ", Inner) + ")");

    private static RecommenderSpec ParseOne(string text, ref int position)
    {
        SkipSpaces(text, ref position);
        var start = position;
        while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] is '-' or '_')) position++;
        if (position == start) throw Error(text, position, "expected a recommender name");
        var name = text[start..position].ToLowerInvariant();
        string? argument = null;
        if (position < text.Length && text[position] == ':')
        {
            var argStart = ++position;
            var depth = 0;
            while (position < text.Length && !(depth == 0 && text[position] is ',' or ')'))
            {
                if (text[position] == '(') depth++;
                if (text[position] == ')') depth--;
                position++;
            }
            argument = text[argStart..position].Trim();
            if (argument.Length == 0) throw Error(text, argStart, $"'{name}:' needs an argument");
        }
        var inner = new List<RecommenderSpec>();
        SkipSpaces(text, ref position);
        if (position < text.Length && text[position] == '(')
        {
            position++;
            while (true)
            {
                inner.Add(ParseOne(text, ref position));
                SkipSpaces(text, ref position);
                if (position < text.Length && text[position] == ',') { position++; continue; }
                if (position < text.Length && text[position] == ')') { position++; break; }
                throw Error(text, position, "expected ',' or ')'");
            }
        }
        return new RecommenderSpec(name, argument, inner);
    }

    private static void SkipSpaces(string text, ref int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position])) position++;
    }

    private static FormatException Error(string text, int position, string problem) =>
        new($"recommender '{text}': {problem} at position {position + 1}.");
}
