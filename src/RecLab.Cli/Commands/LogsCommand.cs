using System.CommandLine;
using RecLab.Events;

namespace RecLab.Cli.Commands;

/// <summary><c>reclab logs recover DIR</c>: turn the journals that killed service replicas left into complete parts.</summary>
public static class LogsCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create() => new("logs", "Event-log maintenance.") { Recover() };

    private static Command Recover()
    {
        var dir = new Argument<string>("dir") { Description = "A replica log folder (or a folder above several)." };
        var command = new Command("recover", "Turn the journals (.parquet.wal) of killed service replicas into complete Parquet parts; " +
                                             "live replicas' journals are left alone.") { dir };
        command.SetAction(result => Terminal.Guard(() =>
        {
            var path = result.GetValue(dir)!;
            if (!Directory.Exists(path)) throw new DirectoryNotFoundException($"log folder {path} does not exist.");
            var parts = EventJournal.RecoverAll(path);
            foreach (var p in parts)
                Terminal.StdOut.WriteLine(p.AlreadyComplete ? $"{p.Part}: already complete, journal removed"
                    : p.Events == 0 ? $"{p.Part}: the journal held no event, removed" : $"{p.Part}: {p.Events:N0} events recovered");
            var left = EventLogReader.IncompleteParts([path]);
            Terminal.StdErr.WriteLine($"{parts.Sum(p => p.Events):N0} events recovered into {parts.Count(p => p.Events > 0)} part(s); " +
                                      $"{left.Count} incomplete part(s) left (a live replica's, or a writer without a journal)");
            return Task.FromResult(0);
        }));
        return command;
    }
}
