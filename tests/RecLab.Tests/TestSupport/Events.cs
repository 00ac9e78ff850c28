using RecLab.Events;

namespace RecLab.Tests.TestSupport;

/// <summary>Builds small event tables by hand for sessionization and analysis tests.</summary>
public sealed class EventsBuilder
{
    private readonly List<(bool Last, long Ts, int User, int Track, double Time, double Latency, int Rec, string Exp, long Session, int Step)> _rows = [];

    /// <summary>A <c>next</c> row.</summary>
    public EventsBuilder Next(int user, long ts, int track, double time, int recommendation, string arm = "C", long session = -1, double latency = 0.001, string experiment = "E", int step = 0) =>
        Add(false, ts, user, track, time, latency, recommendation, arm, session, experiment, step);

    /// <summary>A <c>last</c> row.</summary>
    public EventsBuilder Last(int user, long ts, int track, double time, string arm = "C", long session = -1, double latency = 0.001, string experiment = "E", int step = 0) =>
        Add(true, ts, user, track, time, latency, -1, arm, session, experiment, step);

    /// <summary>One whole session: first track (time 1.0), then the given listening times, the last one closing it.</summary>
    public EventsBuilder Session(int user, long start, string arm, long session, params double[] times)
    {
        var track = 1000 + user * 100;
        Next(user, start, track, 1.0, track + 1, arm, session);
        for (var i = 0; i < times.Length; i++)
        {
            track++;
            if (i == times.Length - 1) Last(user, start + i + 1, track, times[i], arm, session);
            else Next(user, start + i + 1, track, times[i], track + 1, arm, session);
        }
        return this;
    }

    private EventsBuilder Add(bool last, long ts, int user, int track, double time, double latency, int rec, string arm, long session, string experiment, int step)
    {
        _rows.Add((last, ts, user, track, time, latency, rec, arm.Length == 0 ? "{}" : $"{{\"{experiment}\":\"{arm}\"}}", session, step));
        return this;
    }

    /// <summary>The table, rows in the order added.</summary>
    public EventTable Build()
    {
        var values = _rows.Select(r => r.Exp).Distinct().ToArray();
        return new EventTable(_rows.Count, _rows.Select(r => r.Last).ToArray(), _rows.Select(r => r.Ts).ToArray(), _rows.Select(r => r.User).ToArray(),
            _rows.Select(r => r.Track).ToArray(), _rows.Select(r => r.Time).ToArray(), _rows.Select(r => r.Latency).ToArray(),
            _rows.Select(r => r.Rec).ToArray(), _rows.Select(r => Array.IndexOf(values, r.Exp)).ToArray(), values, _rows.Select(r => r.Session).ToArray(), _rows.Select(r => r.Step).ToArray());
    }

    /// <summary>Writes the rows to a RecLab Parquet log.</summary>
    public string WriteParquet(string path)
    {
        using var log = EventLogWriter.Create(path);
        foreach (var r in _rows)
            log.Append(new BotifyEvent { IsLast = r.Last, Timestamp = r.Ts, User = r.User, Track = r.Track, Time = r.Time, Latency = r.Latency, Recommendation = r.Rec, Experiments = r.Exp, Session = r.Session, Step = r.Step });
        log.Complete();
        return path;
    }
}
