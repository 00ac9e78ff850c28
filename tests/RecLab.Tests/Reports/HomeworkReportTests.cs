using System.Globalization;
using RecLab.Analysis;
using RecLab.Experiments;
using RecLab.Platform;
using RecLab.Recommenders;
using RecLab.Reports;
using RecLab.Simulation;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Reports;

public sealed class HomeworkReportTests
{
    private static AbReport Simulate(TempDir dir, string name, ulong seed)
    {
        var world = Worlds.Small;
        var experiment = Experiment.Create("HW", new RecommenderFactory(world), "random", "sticky-artist");
        var log = DataCollection.Run(world, [experiment], dir.File(name), new SimulationOptions { Episodes = 2_000, Seed = seed, Threads = 2 }).LogPath;
        return AbAnalysis.Run([log], new AbOptions { Experiment = "HW", Metrics = HomeworkReport.Metrics });
    }

    private static HomeworkReportOptions Options(bool png) => new()
    {
        Title = "Homework: sticky artist",
        Idea = "Stay with the artist.",
        Served = new Dictionary<string, string> { ["C"] = "random", ["T1"] = "sticky-artist" },
        Seeds = new Dictionary<string, string> { ["world"] = "7", ["simulation"] = "3" },
        Reproduce = ["reclab world generate --small --seed 7 -o world", "reclab simulate --world world -n 2000 --seed 3 --experiment HW --arm C=random --arm T1=sticky-artist -o logs"],
        Png = png,
    };

    [Fact]
    public void The_markdown_table_holds_the_analysis_records_row_by_row()
    {
        using var dir = new TempDir();
        var report = Simulate(dir, "a", 3);

        var markdown = HomeworkReport.Markdown(report, Options(png: false));
        var rows = markdown.Split('\n').Where(l => l.StartsWith("| T1 |", StringComparison.Ordinal))
            .Select(l => l.Trim('|', ' ').Split(" | ")).Where(c => c.Length == AbReport.Columns.Count).ToList();

        var expected = report.Results;
        Assert.Equal(expected.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var (r, cells) = (expected[i], rows[i]);
            double Cell(int c) => double.Parse(cells[c], CultureInfo.InvariantCulture);
            Assert.Equal((r.Treatment, r.Metric), (cells[0], cells[1]));
            Assert.Equal(r.Effect, Cell(2), 0.0005);
            Assert.Equal(r.Upper, Cell(3), 0.0005);
            Assert.Equal(r.Lower, Cell(4), 0.0005);
            Assert.Equal(r.ControlMean, Cell(5), 0.00005);
            Assert.Equal(r.TreatmentMean, Cell(6), 0.00005);
            Assert.Equal(r.Significant, cells[7] == "**True**");
            Assert.Equal(r.PValue, Cell(8), Math.Max(r.PValue * 0.005, 1e-300));
            Assert.Equal(r.PAdjusted, Cell(9), Math.Max(r.PAdjusted * 0.005, 1e-300));
        }
        Assert.Contains("Seeds: world = 7, simulation = 3", markdown);
        Assert.Contains("reclab simulate --world world -n 2000 --seed 3", markdown);
        Assert.Contains(HomeworkReport.EnvironmentLine(), markdown);
    }

    [Fact]
    public void The_same_seed_gives_the_same_report_and_another_seed_another()
    {
        using var dir = new TempDir();
        var png = HeadlessChromium.Find() is not null;
        var first = HomeworkReport.Write(dir.File("one"), Simulate(dir, "a", 3), Options(png));
        var second = HomeworkReport.Write(dir.File("two"), Simulate(dir, "b", 3), Options(png: false));
        var other = HomeworkReport.Write(dir.File("three"), Simulate(dir, "c", 4), Options(png: false));

        Assert.Equal(File.ReadAllText(first.Markdown).Replace($"![Effects with 95% intervals]({HomeworkReport.PngFile})", ""),
            File.ReadAllText(second.Markdown).Replace($"*(No chart image: not rendered; the chart is in [{HomeworkReport.HtmlFile}]({HomeworkReport.HtmlFile}).)*", ""));
        Assert.Equal(File.ReadAllText(first.Html), File.ReadAllText(second.Html));
        Assert.NotEqual(File.ReadAllText(first.Html), File.ReadAllText(other.Html));
        Assert.Contains("data-reclab-plotly", File.ReadAllText(first.Html));
        Assert.DoesNotContain("<script src=", File.ReadAllText(first.Html));
        if (png)
        {
            Assert.Equal(HomeworkReport.PngFile, Path.GetFileName(first.Png));
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(first.Png!)[..4]);
            Assert.Single(Directory.GetFiles(dir.File("one"), "*.png"));
        }
    }
}
