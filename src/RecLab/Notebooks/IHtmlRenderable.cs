namespace RecLab.Notebooks;

/// <summary>A RecLab result that knows how to show itself as HTML in notebooks and reports.</summary>
public interface IHtmlRenderable
{
    /// <summary>A self-contained HTML fragment (uses the classes of <see cref="NotebookFormatters.Css"/>).</summary>
    string ToHtml();
}
