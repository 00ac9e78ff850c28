using System.Globalization;
using System.Text;
using RecLab.Events;

namespace RecLab.Tests.TestSupport;

/// <summary>Course-format logs (JSON lines, no session ids) with millisecond ties between two replicas' files.</summary>
public static class TiedCourseLog
{
    /// <summary>
    /// A course-format log of 120 users (arms C and T1 alternate by user; T1's sessions run longer) written by two
    /// replicas as r1/data.json and r2/data.json. Consecutive requests of a user are 0, 1 or 2 ms apart, so about a
    /// third of a user's rows tie with a neighbour; each row goes to a random replica, and each replica writes its rows
    /// in time order.
    /// </summary>
    public static (string R1, string R2) Write(TempDir dir, string experiment, ulong seed)
    {
        var rng = new Rng(seed);
        var rows = new List<(long Ts, int Replica, string Line)>();
        for (var user = 0; user < 120; user++)
        {
            var arm = user % 2 == 0 ? "C" : "T1";
            long ts = 1_000_000 + rng.NextInt(50);
            var track = 10_000 * (user + 1);
            var sessions = 3 + rng.NextInt(4);
            for (var s = 0; s < sessions; s++)
            {
                var length = 2 + rng.NextInt(arm == "T1" ? 12 : 9);
                for (var i = 0; i < length; i++)
                {
                    var last = i == length - 1;
                    var time = i == 0 ? 1.0 : Math.Round(rng.NextDouble(), 3);
                    var latency = Math.Round(0.0005 + 0.002 * rng.NextDouble(), 6);
                    var line = new StringBuilder("{\"message\": \"").Append(last ? "last" : "next").Append("\", \"timestamp\": ").Append(ts)
                        .Append(", \"user\": ").Append(user).Append(", \"track\": ").Append(track)
                        .Append(", \"time\": ").Append(time.ToString("R", CultureInfo.InvariantCulture))
                        .Append(", \"latency\": ").Append(latency.ToString("R", CultureInfo.InvariantCulture))
                        .Append(", \"recommendation\": ").Append(last ? "null" : (track + 1).ToString(CultureInfo.InvariantCulture))
                        .Append(", \"experiments\": {\"").Append(experiment).Append("\": \"").Append(arm).Append("\"}}").ToString();
                    rows.Add((ts, rng.NextInt(2), line));
                    track++;
                    ts += rng.NextInt(3);
                }
                ts += rng.NextInt(3);
            }
        }
        var paths = new string[2];
        for (var r = 0; r < 2; r++)
        {
            var folder = dir.File($"r{r + 1}");
            Directory.CreateDirectory(folder);
            paths[r] = folder;
            File.WriteAllLines(Path.Combine(folder, "data.json"), rows.Where(x => x.Replica == r).OrderBy(x => x.Ts).Select(x => x.Line));
        }
        return (paths[0], paths[1]);
    }

    /// <summary>A hand-made two-replica log, folders a/ and b/ with a data.json each, experiment E, arm C.
    /// User 1: 10 -> 11 -> 12 -> last 13, with 11 and 12 at t 101 in different replicas. User 2: 20 -> 21 -> last 22,
    /// 20 and 21 at t 200. User 3: 30 -> 31 -> last 32, all three at t 300, so the tie opens the user's rows.</summary>
    public static (string A, string B) ThreeUsers(TempDir dir)
    {
        var a = new EventsBuilder()
            .Next(1, 100, 10, 1.0, 11).Next(1, 101, 12, 0.5, 13)
            .Next(2, 200, 20, 1.0, 21).Last(2, 201, 22, 0.4)
            .Next(3, 300, 30, 1.0, 31).Last(3, 300, 32, 0.2)
            .Build();
        var b = new EventsBuilder()
            .Next(1, 101, 11, 0.7, 12).Last(1, 102, 13, 0.2)
            .Next(2, 200, 21, 0.6, 22)
            .Next(3, 300, 31, 0.3, 32)
            .Build();
        Directory.CreateDirectory(dir.File("a"));
        Directory.CreateDirectory(dir.File("b"));
        CourseJsonLog.Write(a, dir.File("a/data.json"));
        CourseJsonLog.Write(b, dir.File("b/data.json"));
        return (dir.File("a"), dir.File("b"));
    }
}
