using System.Globalization;
using Parquet;
using RecLab.World;

namespace RecLab.Events;

/// <summary>
/// Which world a log was played in: every part's footer carries <see cref="EventLogSchema.WorldKey"/>, the
/// <see cref="MusicWorld.Fingerprint"/> of the world its service served, so that a log is never trained or analysed
/// against another world of the same size (whose track and user ids would read as valid but mean other things).
/// </summary>
public static class EventLogWorld
{
    /// <summary>The footer value for <paramref name="world"/>.</summary>
    public static string Of(MusicWorld world) => world.Fingerprint.ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>The world fingerprint of each log file under <paramref name="paths"/> (null for parts written before logs
    /// carried one, or rebuilt from a killed replica's journal).</summary>
    public static IReadOnlyList<(string File, string? World)> Read(IReadOnlyList<string> paths, EventReadOptions? options = null)
    {
        var result = new List<(string, string?)>();
        foreach (var file in EventLogReader.LogFiles(paths, options))
        {
            using var stream = File.OpenRead(file);
            ParquetReader reader;
            try
            {
                reader = ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new InvalidDataException($"{file} is not a readable Parquet file ({e.Message}); a log cut short has no footer.", e);
            }
            try
            {
                result.Add((file, reader.CustomMetadata.GetValueOrDefault(EventLogSchema.WorldKey)));
            }
            finally
            {
                reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        return result;
    }

    /// <summary>Checks that the logs under <paramref name="paths"/> were played in <paramref name="world"/>.</summary>
    /// <returns>A warning when some parts carry no fingerprint (they cannot be checked), else null.</returns>
    /// <exception cref="InvalidDataException">A part was played in another world; the message names the part, both
    /// fingerprints and <paramref name="worldPath"/>.</exception>
    public static string? Check(IReadOnlyList<string> paths, MusicWorld world, string worldPath, EventReadOptions? options = null)
    {
        var expected = Of(world);
        var parts = Read(paths, options);
        var other = parts.FirstOrDefault(p => p.World is not null && p.World != expected);
        if (other.File is not null)
            throw new InvalidDataException(
                $"{other.File} was played in world {other.World}, but the world at {worldPath} is {expected} " +
                $"({world.TrackCount:N0} tracks, {world.UserCount:N0} users): give the world the log was collected in.");
        var notChecked = parts.Count(p => p.World is null);
        return notChecked == 0 ? null
            : $"{notChecked} of {parts.Count} log part(s) carry no world fingerprint (written before logs carried one, or recovered from a journal), first {parts.First(p => p.World is null).File}; they are not checked against {worldPath}";
    }
}
