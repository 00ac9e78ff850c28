namespace RecLab.Events;

/// <summary>Events laid out by column, ready to be written as a Parquet row group. Grows as needed.</summary>
internal sealed class EventBuffer
{
    internal const string NextMessage = "next", LastMessage = "last";

    public string[] Message;
    public long[] Timestamp;
    public int[] User;
    public int[] Track;
    public double[] Time;
    public double[] Latency;
    public int?[] Recommendation;
    public string[] Experiments;
    public long?[] Session;
    public int?[] Step;

    public EventBuffer(int capacity = 4096)
    {
        Message = new string[capacity];
        Timestamp = new long[capacity];
        User = new int[capacity];
        Track = new int[capacity];
        Time = new double[capacity];
        Latency = new double[capacity];
        Recommendation = new int?[capacity];
        Experiments = new string[capacity];
        Session = new long?[capacity];
        Step = new int?[capacity];
    }

    public int Count { get; private set; }

    public void Add(in BotifyEvent e)
    {
        if (Count == Message.Length) Grow(Count * 2);
        var i = Count++;
        Message[i] = e.IsLast ? LastMessage : NextMessage;
        Timestamp[i] = e.Timestamp;
        User[i] = e.User;
        Track[i] = e.Track;
        Time[i] = e.Time;
        Latency[i] = e.Latency;
        Recommendation[i] = e.Recommendation >= 0 ? e.Recommendation : null;
        Experiments[i] = e.Experiments;
        Session[i] = e.Session >= 0 ? e.Session : null;
        Step[i] = e.Step > 0 ? e.Step : null;
    }

    /// <summary>Appends all of <paramref name="other"/>.</summary>
    public void AddRange(EventBuffer other)
    {
        if (Count + other.Count > Message.Length) Grow(Math.Max(Message.Length * 2, Count + other.Count));
        var n = other.Count;
        Array.Copy(other.Message, 0, Message, Count, n);
        Array.Copy(other.Timestamp, 0, Timestamp, Count, n);
        Array.Copy(other.User, 0, User, Count, n);
        Array.Copy(other.Track, 0, Track, Count, n);
        Array.Copy(other.Time, 0, Time, Count, n);
        Array.Copy(other.Latency, 0, Latency, Count, n);
        Array.Copy(other.Recommendation, 0, Recommendation, Count, n);
        Array.Copy(other.Experiments, 0, Experiments, Count, n);
        Array.Copy(other.Session, 0, Session, Count, n);
        Array.Copy(other.Step, 0, Step, Count, n);
        Count += n;
    }

    public void Clear() => Count = 0;

    private void Grow(int capacity)
    {
        Array.Resize(ref Message, capacity);
        Array.Resize(ref Timestamp, capacity);
        Array.Resize(ref User, capacity);
        Array.Resize(ref Track, capacity);
        Array.Resize(ref Time, capacity);
        Array.Resize(ref Latency, capacity);
        Array.Resize(ref Recommendation, capacity);
        Array.Resize(ref Experiments, capacity);
        Array.Resize(ref Session, capacity);
        Array.Resize(ref Step, capacity);
    }
}
