using System.Buffers;
using System.Text.Json;

namespace RecLab.Web;

/// <summary>The body of <c>/next</c> and <c>/last</c>: <c>{"track": int, "time": float}</c> and RecLab's optional
/// <c>"session": int</c>; other fields are ignored.</summary>
/// <param name="Track">The track just played.</param>
/// <param name="Time">Fraction listened.</param>
/// <param name="Session">Session id, or -1.</param>
public readonly record struct RequestBody(int Track, double Time, long Session)
{
    /// <summary>The largest body accepted (bytes); larger ones get 413.</summary>
    public const int MaxBytes = 4096;

    /// <summary>Parses <paramref name="json"/>; null with the reason when it is malformed or a field is missing or mistyped.</summary>
    public static (RequestBody? Body, string? Error) Parse(ReadOnlySequence<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return (null, "the body must be a JSON object like {\"track\": 1, \"time\": 0.5}");
            int? track = null;
            double? time = null;
            long session = -1;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "track":
                        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var t)) return (null, "field 'track' must be an integer track id");
                        track = t;
                        break;
                    case "time":
                        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var f)) return (null, "field 'time' must be a number in [0, 1]");
                        time = f;
                        break;
                    case "session":
                        if (reader.TokenType == JsonTokenType.Null) break;
                        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out session) || session < 0) return (null, "field 'session' must be a non-negative integer");
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
            if (reader.Read()) return (null, "unexpected data after the JSON object");
            if (track is null) return (null, "field 'track' is missing");
            if (time is null) return (null, "field 'time' is missing");
            if (!(time >= 0 && time <= 1)) return (null, $"field 'time' is {time}, expected a fraction in [0, 1]");
            return (new RequestBody(track.Value, time.Value, session), null);
        }
        catch (JsonException e)
        {
            return (null, $"malformed JSON: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader.GetString throws this for a name or string that is not valid UTF-8 or holds a lone surrogate.
            return (null, $"malformed JSON: {e.Message}");
        }
    }
}
