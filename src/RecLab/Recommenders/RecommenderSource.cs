using RecLab.IO;
using RecLab.Notebooks;

namespace RecLab.Recommenders;

/// <summary>
/// Writes the source of a notebook's recommender cell to a <c>.cs</c> file, so that the class a student wrote in a cell
/// (and uses directly in the embedded service) is the very text the HTTP service compiles at start
/// (<c>reclab serve --recommenders FILE</c>, <c>environment/stack.sh --recommenders FILE</c>). The cell is the one tagged
/// <see cref="DefaultTag"/>; kernel directives (<c>#r</c>, <c>#i</c>, <c>#!</c>) become blank lines, so the file's line
/// numbers are the cell's and a compile error points at the cell's line.
/// </summary>
public static class RecommenderSource
{
    /// <summary>The cell tag that marks a notebook's recommender cell.</summary>
    public const string DefaultTag = "recommender";

    /// <summary>The source of the code cells of <paramref name="notebook"/> tagged <paramref name="tag"/>, in order.</summary>
    /// <exception cref="FileNotFoundException">No such notebook.</exception>
    /// <exception cref="InvalidDataException">No code cell carries the tag.</exception>
    public static string FromNotebook(string notebook, string tag = DefaultTag)
    {
        if (!File.Exists(notebook)) throw new FileNotFoundException($"notebook {notebook} does not exist.", notebook);
        var cells = NotebookDocument.Load(notebook).Cells.Where(c => c.IsCode && c.Tags.Contains(tag)).ToList();
        if (cells.Count == 0) throw new InvalidDataException($"{notebook}: no code cell is tagged '{tag}' (add the tag to the cell with your recommender class).");
        var lines = string.Join("\n", cells.Select(c => c.Source)).Split('\n')
            .Select(l => l.TrimStart().StartsWith("#r ", StringComparison.Ordinal) || l.TrimStart().StartsWith("#i ", StringComparison.Ordinal) || l.TrimStart().StartsWith("#!", StringComparison.Ordinal) ? "" : l);
        return string.Join("\n", lines) + "\n";
    }

    /// <summary>Writes the recommender cells of <paramref name="notebook"/> to <paramref name="file"/> (atomically) and
    /// returns its full path.</summary>
    public static string WriteCell(string notebook, string file, string tag = DefaultTag)
    {
        var path = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.WriteAllText(path, FromNotebook(notebook, tag));
        return path;
    }
}
