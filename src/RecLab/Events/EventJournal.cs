using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace RecLab.Events;

/// <summary>
/// The write-ahead form of a service log part, <c>NAME.parquet.wal</c>: every event is written to the operating system
/// (one <c>write</c> per event, before the request is answered), so a replica killed with SIGKILL loses no answered
/// event, since the kernel keeps what was written. (A power cut can still lose what the disk had not stored.) When the
/// part completes as Parquet, its journal is deleted; a journal left behind is turned into a complete part by
/// <see cref="RecoverAll"/> (the service does this on start, <c>reclab logs recover</c> on demand).
/// </summary>
/// <remarks>
/// Format: the 4 bytes <c>RLJ2</c>, then records <c>[int32 length][payload][uint32 CRC-32 of payload]</c>
/// (little-endian); payload: is-last (1 byte), timestamp (int64), user, track (int32), time, latency (float64),
/// recommendation (int32), session (int64), step (int32), experiments (UTF-8, the rest). Journals of the first
/// format (<c>RLJ1</c>, no step) are still recovered, with steps unknown. A record cut short or failing its CRC
/// ends the journal: a write torn by the kill is dropped, never half-read. The file is held with an exclusive lock
/// while its writer lives, so recovery never touches a live replica's journal.
/// </remarks>
public sealed class EventJournal : IDisposable
{
    /// <summary>Suffix of a journal beside its part's final name.</summary>
    public const string Suffix = ".wal";

    private const int Fixed1 = 1 + 8 + 4 + 4 + 8 + 8 + 4 + 8;
    private const int Fixed = Fixed1 + 4;
    private static readonly byte[] Magic = "RLJ2"u8.ToArray();
    private static readonly byte[] Magic1 = "RLJ1"u8.ToArray();
    private readonly FileStream _stream;
    private byte[] _record = new byte[256];

    private EventJournal(FileStream stream) => _stream = stream;

    /// <summary>The journal's path.</summary>
    public string Path => _stream.Name;

    /// <summary>Creates the journal of the part that will be <paramref name="partPath"/>.</summary>
    /// <exception cref="IOException">A journal of that name exists already (it is never overwritten).</exception>
    public static EventJournal Create(string partPath)
    {
        var stream = new FileStream(partPath + Suffix, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        stream.Write(Magic);
        return new EventJournal(stream);
    }

    /// <summary>Writes one event through to the operating system.</summary>
    public void Append(in BotifyEvent e)
    {
        var text = e.Experiments ?? "";
        var length = Fixed + Encoding.UTF8.GetByteCount(text);
        if (_record.Length < length + 8) _record = new byte[(length + 8) * 2];
        var span = _record.AsSpan(0, length + 8);
        BinaryPrimitives.WriteInt32LittleEndian(span, length);
        var p = span.Slice(4, length);
        p[0] = e.IsLast ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt64LittleEndian(p[1..], e.Timestamp);
        BinaryPrimitives.WriteInt32LittleEndian(p[9..], e.User);
        BinaryPrimitives.WriteInt32LittleEndian(p[13..], e.Track);
        BinaryPrimitives.WriteDoubleLittleEndian(p[17..], e.Time);
        BinaryPrimitives.WriteDoubleLittleEndian(p[25..], e.Latency);
        BinaryPrimitives.WriteInt32LittleEndian(p[33..], e.Recommendation);
        BinaryPrimitives.WriteInt64LittleEndian(p[37..], e.Session);
        BinaryPrimitives.WriteInt32LittleEndian(p[45..], e.Step);
        Encoding.UTF8.GetBytes(text, p[Fixed..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(4 + length)..], Crc32.HashToUInt32(p));
        _stream.Write(span);
    }

    /// <summary>Closes the journal (it stays on disk: <see cref="Delete"/> once the part is complete).</summary>
    public void Dispose() => _stream.Dispose();

    /// <summary>Closes and deletes the journal: its part is complete, or holds nothing.</summary>
    public void Delete()
    {
        _stream.Dispose();
        File.Delete(_stream.Name);
    }

    /// <summary>The events of the journal in <paramref name="stream"/> up to its first torn or damaged record.</summary>
    public static List<BotifyEvent> Read(Stream stream)
    {
        var events = new List<BotifyEvent>();
        var header = new byte[4];
        if (stream.ReadAtLeast(header, 4, throwOnEndOfStream: false) < 4) return events;
        var hasStep = header.AsSpan().SequenceEqual(Magic);
        if (!hasStep && !header.AsSpan().SequenceEqual(Magic1)) return events;
        var fixedLength = hasStep ? Fixed : Fixed1;
        var lengthBytes = new byte[4];
        while (stream.ReadAtLeast(lengthBytes, 4, throwOnEndOfStream: false) == 4)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(lengthBytes);
            if (length < fixedLength || length > 1 << 20) break;
            var record = new byte[length + 4];
            if (stream.ReadAtLeast(record, record.Length, throwOnEndOfStream: false) < record.Length) break;
            var p = record.AsSpan(0, length);
            if (Crc32.HashToUInt32(p) != BinaryPrimitives.ReadUInt32LittleEndian(record.AsSpan(length))) break;
            events.Add(new BotifyEvent
            {
                IsLast = p[0] == 1,
                Timestamp = BinaryPrimitives.ReadInt64LittleEndian(p[1..]),
                User = BinaryPrimitives.ReadInt32LittleEndian(p[9..]),
                Track = BinaryPrimitives.ReadInt32LittleEndian(p[13..]),
                Time = BinaryPrimitives.ReadDoubleLittleEndian(p[17..]),
                Latency = BinaryPrimitives.ReadDoubleLittleEndian(p[25..]),
                Recommendation = BinaryPrimitives.ReadInt32LittleEndian(p[33..]),
                Session = BinaryPrimitives.ReadInt64LittleEndian(p[37..]),
                Step = hasStep ? BinaryPrimitives.ReadInt32LittleEndian(p[45..]) : 0,
                Experiments = Encoding.UTF8.GetString(p[fixedLength..]),
            });
        }
        return events;
    }

    /// <summary>Turns every journal under <paramref name="directory"/> whose writer is gone (its lock is free) into a
    /// complete Parquet part under the part's own name (footer <c>reclab.recovered = true</c>), and removes the journal
    /// and the dead writer's <c>.partial</c>. A journal whose part is already complete is removed; live ones are left.</summary>
    /// <returns>What was recovered: one entry per journal handled.</returns>
    public static IReadOnlyList<RecoveredPart> RecoverAll(string directory)
    {
        var recovered = new List<RecoveredPart>();
        if (!Directory.Exists(directory)) return recovered;
        foreach (var journal in Directory.GetFiles(directory, "*.parquet" + Suffix, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            FileStream stream;
            try
            {
                stream = new FileStream(journal, FileMode.Open, FileAccess.Read, FileShare.None);
            }
            catch (IOException)
            {
                continue; // A live writer holds it (or it went away meanwhile).
            }
            using (stream)
            {
                var part = journal[..^Suffix.Length];
                var partial = part + EventLogSchema.PartialSuffix;
                if (File.Exists(part))
                {
                    File.Delete(partial);
                    File.Delete(journal);
                    recovered.Add(new RecoveredPart(part, 0, AlreadyComplete: true));
                    continue;
                }
                var events = Read(stream);
                // An empty journal this fresh may be a starting writer's that has not locked it yet.
                if (events.Count == 0 && DateTime.UtcNow - File.GetLastWriteTimeUtc(journal) < TimeSpan.FromMinutes(1)) continue;
                File.Delete(partial);
                if (events.Count > 0)
                {
                    using var writer = EventLogWriter.Create(part, new Dictionary<string, string>
                    {
                        ["reclab.source"] = $"recovered from {System.IO.Path.GetFileName(journal)}",
                        [EventLogSchema.RecoveredKey] = "true",
                    }, overwrite: false);
                    foreach (var e in events) writer.Append(e);
                    writer.Complete();
                }
                File.Delete(journal);
                recovered.Add(new RecoveredPart(part, events.Count, AlreadyComplete: false));
            }
        }
        return recovered;
    }
}

/// <summary>One journal handled by <see cref="EventJournal.RecoverAll"/>.</summary>
/// <param name="Part">The part's final path (absent when the journal held no event).</param>
/// <param name="Events">Events recovered into it.</param>
/// <param name="AlreadyComplete">The part had been completed; only its leftover journal was removed.</param>
public sealed record RecoveredPart(string Part, int Events, bool AlreadyComplete);
