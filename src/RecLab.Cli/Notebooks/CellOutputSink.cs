using System.Text;
using RecLab.Notebooks;

namespace RecLab.Cli.Notebooks;

/// <summary>
/// Collects what the running cell writes and displays: console text becomes stream outputs (consecutive writes to the
/// same stream are joined), <c>display</c> adds display data that stays updatable after the cell ends.
/// </summary>
internal sealed class CellOutputSink
{
    private readonly Lock _gate = new();
    private NotebookCell? _cell;

    /// <summary>The cell that receives outputs from now on.</summary>
    public void Begin(NotebookCell cell)
    {
        lock (_gate) _cell = cell;
    }

    /// <summary>Stops collecting (outputs after this point are dropped).</summary>
    public void End()
    {
        lock (_gate) _cell = null;
    }

    public void Write(string stream, string text)
    {
        if (text.Length == 0) return;
        lock (_gate)
        {
            if (_cell is null) return;
            var outputs = _cell.Outputs;
            if (outputs.Count > 0 && outputs[^1] is StreamOutput last && last.Name == stream)
                outputs[^1] = last with { Text = last.Text + text };
            else
                outputs.Add(new StreamOutput(stream, text));
        }
    }

    public void Add(CellOutput output)
    {
        lock (_gate) _cell?.Outputs.Add(output);
    }

    public DisplayedValue Display(object? value, IReadOnlyList<string> mimeTypes)
    {
        NotebookCell cell;
        int index;
        var output = new DisplayDataOutput(MimeBundle.For(value, mimeTypes));
        lock (_gate)
        {
            cell = _cell ?? throw new InvalidOperationException("display(...) was called while no cell was running.");
            index = cell.Outputs.Count;
            cell.Outputs.Add(output);
        }
        return new DisplayedValue(updated =>
        {
            var replacement = new DisplayDataOutput(MimeBundle.For(updated, mimeTypes));
            lock (_gate) cell.Outputs[index] = replacement;
        });
    }

    /// <summary>A console writer that feeds <paramref name="stream"/> (<c>stdout</c> or <c>stderr</c>).</summary>
    public TextWriter Writer(string stream) => new SinkWriter(this, stream);

    private sealed class SinkWriter(CellOutputSink sink, string stream) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;
        public override void Write(char value) => sink.Write(stream, value.ToString());
        public override void Write(string? value) => sink.Write(stream, value ?? "");
        public override void Write(char[] buffer, int index, int count) => sink.Write(stream, new string(buffer, index, count));
        public override void WriteLine(string? value) => sink.Write(stream, (value ?? "") + "\n");
    }
}
