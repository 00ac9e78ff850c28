using System.Globalization;
using System.Text;
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
    public static void Write(EventTable events, string path, bool withSession = false)
    {
        var experiments = events.ExperimentsValues.Select(PythonObject).ToArray();
        AtomicFile.Write(path, stream =>
        {
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
        });
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
}
