using System.Globalization;
using System.Text;
using System.Text.Json;
using RecLab.IO;

namespace RecLab.Events;

/// <summary>
/// The course's log format: JSON lines (<c>data.json</c>), one object per event with the keys
/// <c>message, timestamp, user, track, time, latency, recommendation, experiments</c>, formatted as Python's
/// <c>json.dumps</c> writes them, so the course's own notebooks read RecLab's logs.
/// </summary>
public static class CourseJsonLog
{
    /// <summary>Writes <paramref name="events"/> as the course's <c>data.json</c>, atomically. The session id is not
    /// part of the course's format and is left out unless <paramref name="withSession"/>.</summary>
    public static void Write(EventTable events, string path, bool withSession = false) =>
        AtomicFile.Write(path, stream => Write(events, stream, withSession));

    /// <summary>The size in bytes of <paramref name="events"/> as the course's <c>data.json</c>, without writing it.</summary>
    public static long Size(EventTable events)
    {
        using var counter = new CountingStream();
        Write(events, counter, withSession: false);
        return counter.Length;
    }

    /// <summary>Writes <paramref name="events"/> as JSON lines to <paramref name="stream"/>.</summary>
    public static void Write(EventTable events, Stream stream, bool withSession)
    {
        var experiments = events.ExperimentsValues.Select(PythonObject).ToArray();
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        var line = new StringBuilder(256);
        for (var i = 0; i < events.Count; i++)
        {
            line.Clear()
                .Append("{\"message\": \"").Append(events.IsLast[i] ? "last" : "next")
                .Append("\", \"timestamp\": ").Append(events.Timestamp[i].ToString(CultureInfo.InvariantCulture))
                .Append(", \"user\": ").Append(events.User[i].ToString(CultureInfo.InvariantCulture))
                .Append(", \"track\": ").Append(events.Track[i].ToString(CultureInfo.InvariantCulture))
                .Append(", \"time\": ").Append(PythonFloat(events.Time[i]))
                .Append(", \"latency\": ").Append(PythonFloat(events.Latency[i]))
                .Append(", \"recommendation\": ").Append(events.Recommendation[i] >= 0 ? events.Recommendation[i].ToString(CultureInfo.InvariantCulture) : "null")
                .Append(", \"experiments\": ").Append(experiments[events.ExperimentsCode[i]]);
            if (withSession) line.Append(", \"session\": ").Append(events.Session[i] >= 0 ? events.Session[i].ToString(CultureInfo.InvariantCulture) : "null");
            writer.Write(line.Append("}\n"));
        }
    }

    private sealed class CountingStream : Stream
    {
        private long _length;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
    }

    /// <summary>Reads the course's JSON-lines logs: files, or folders searched for <c>*.json</c> and <c>*.jsonl</c>
    /// (the course keeps one folder per replica, each with a <c>data.json</c>). Sessions get id -1 unless a line carries
    /// <c>session</c>.</summary>
    /// <param name="paths">Files or folders.</param>
    /// <param name="skipBadLines">Skip malformed lines and count them in <paramref name="stats"/>, instead of failing on
    /// the first one (the default: a silent wrong number is worse than an error).</param>
    /// <param name="stats">Lines read and skipped, with the first problems.</param>
    /// <exception cref="InvalidDataException">A malformed line (unless skipped): the message names file, line and field.</exception>
    public static EventTable Read(IEnumerable<string> paths, bool skipBadLines, out CourseLogStats stats)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path)) files.Add(path);
            else if (Directory.Exists(path))
            {
                var found = Directory.GetFiles(path, "*.json", SearchOption.AllDirectories)
                    .Concat(Directory.GetFiles(path, "*.jsonl", SearchOption.AllDirectories)).Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0) throw new FileNotFoundException($"no JSON-lines log (*.json, *.jsonl) in {path}.");
                files.AddRange(found);
            }
            else throw new FileNotFoundException($"log {path} does not exist.", path);
        }
        var table = new CourseLogBuilder();
        long lines = 0, skipped = 0;
        var problems = new List<string>();
        foreach (var file in files)
        {
            var number = 0;
            foreach (var line in File.ReadLines(file))
            {
                number++;
                if (string.IsNullOrWhiteSpace(line)) continue;
                lines++;
                try
                {
                    table.Add(line);
                }
                catch (Exception e) when (e is JsonException or InvalidDataException or FormatException or InvalidOperationException)
                {
                    var message = $"{file}, line {number}: {e.Message}";
                    if (!skipBadLines) throw new InvalidDataException(message, e);
                    skipped++;
                    if (problems.Count < 5) problems.Add(message);
                }
            }
        }
        stats = new CourseLogStats(files.Count, lines, skipped, problems);
        return table.Build();
    }

    /// <summary>A float as Python's <c>repr</c> writes it: shortest round-trip digits, always with a decimal point
    /// or exponent (<c>1.0</c>, <c>0.57</c>, <c>1e-05</c>).</summary>
    public static string PythonFloat(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return value > 0 ? "Infinity" : "-Infinity";
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.Contains('E'))
        {
            var parts = text.Split('E');
            var exponent = int.Parse(parts[1], CultureInfo.InvariantCulture);
            return $"{parts[0]}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }
        return text.Contains('.') ? text : text + ".0";
    }

    private static string PythonObject(string json)
    {
        var pairs = EventTable.Parse(json);
        return "{" + string.Join(", ", pairs.Select(p => $"{System.Text.Json.JsonSerializer.Serialize(p.Key)}: {System.Text.Json.JsonSerializer.Serialize(p.Value)}")) + "}";
    }

    private sealed class CourseLogBuilder
    {
        private readonly List<bool> _last = [];
        private readonly List<long> _timestamp = [];
        private readonly List<int> _user = [];
        private readonly List<int> _track = [];
        private readonly List<double> _time = [];
        private readonly List<double> _latency = [];
        private readonly List<int> _recommendation = [];
        private readonly List<int> _experiments = [];
        private readonly List<long> _session = [];
        private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);

        public void Add(string line)
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException("expected a JSON object");
            var message = Required(root, "message").GetString();
            var isLast = message switch
            {
                "last" => true,
                "next" => false,
                _ => throw new InvalidDataException($"field 'message' is '{message}', expected 'next' or 'last'"),
            };
            var timestamp = Number(root, "timestamp");
            var time = Number(root, "time");
            if (!(time >= 0 && time <= 1)) throw new InvalidDataException($"field 'time' is {time.ToString(CultureInfo.InvariantCulture)}, expected a fraction in [0, 1]");
            var latency = Number(root, "latency");
            var recommendation = root.TryGetProperty("recommendation", out var r) && r.ValueKind != JsonValueKind.Null ? Int(root, "recommendation") : -1;
            if (!isLast && recommendation < 0) throw new InvalidDataException("field 'recommendation' is missing on a 'next' message");
            var experiments = Required(root, "experiments");
            if (experiments.ValueKind != JsonValueKind.Object) throw new InvalidDataException("field 'experiments' must be an object of experiment name to arm");
            var text = JsonSerializer.Serialize(experiments.EnumerateObject().ToDictionary(p => p.Name, p =>
                p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : throw new InvalidDataException($"field 'experiments' gives {p.Value.GetRawText()} for '{p.Name}', expected an arm name")));
            var user = Int(root, "user");
            var track = Int(root, "track");
            var session = root.TryGetProperty("session", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : -1;
            // Everything is parsed before anything is appended, so a bad line leaves the columns aligned.
            if (!_codes.TryGetValue(text, out var code)) _codes[text] = code = _codes.Count;
            _last.Add(isLast);
            _timestamp.Add((long)Math.Round(timestamp));
            _user.Add(user);
            _track.Add(track);
            _time.Add(time);
            _latency.Add(latency);
            _recommendation.Add(recommendation);
            _experiments.Add(code);
            _session.Add(session);
        }

        public EventTable Build() => new(_last.Count, [.. _last], [.. _timestamp], [.. _user], [.. _track], [.. _time], [.. _latency],
            [.. _recommendation], [.. _experiments], _codes.OrderBy(c => c.Value).Select(c => c.Key).ToArray(), [.. _session]);

        private static int Int(JsonElement root, string field)
        {
            var value = Required(root, field);
            return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i)
                ? i
                : throw new InvalidDataException($"field '{field}' is {value.GetRawText()}, expected an integer");
        }

        private static double Number(JsonElement root, string field)
        {
            var value = Required(root, field);
            return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d)
                ? d
                : throw new InvalidDataException($"field '{field}' is {value.GetRawText()}, expected a number");
        }

        private static JsonElement Required(JsonElement root, string field) =>
            root.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null
                ? value
                : throw new InvalidDataException($"field '{field}' is missing");
    }
}

/// <summary>What <see cref="CourseJsonLog.Read"/> read.</summary>
/// <param name="Files">Files read.</param>
/// <param name="Lines">Non-empty lines.</param>
/// <param name="Skipped">Malformed lines skipped.</param>
/// <param name="Problems">The first few problems, with file and line.</param>
public sealed record CourseLogStats(int Files, long Lines, long Skipped, IReadOnlyList<string> Problems);
