using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RecLab.Bandits;
using Spectre.Console;

namespace RecLab.Cli.Commands;

/// <summary><c>reclab bandits run --task N --policy NAME|all [--table PATH [--users PATH] [--items PATH]]</c>: the bandit
/// tasks, policies compared over seeds, on the synthetic landscapes or (tasks 2 and 4) on a response table from a file.</summary>
public static class BanditsCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create() => new("bandits", "Bandit tasks 1-4 (popular items, context, drift, personal preferences).") { Run(), Describe() };

    private static Command Describe()
    {
        var task = new Option<int>("--task") { Description = "2 or 4: the synthetic task whose table is described (without --table).", DefaultValueFactory = _ => 4 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the synthetic landscape.", DefaultValueFactory = _ => 42 };
        var k = new Option<int>("--k") { Description = "Slate size of the top-K figures.", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print the statistics as JSON." };
        var file = new Option<string?>("--table") { Description = "Describe this response table (as 'bandits run --table' reads it) instead of a synthetic task's." };
        var command = new Command("describe", "Statistics of a response table: quantiles, per-user best, constant items, top-K spread, spectrum, rank-r scores.") { task, seed, k, json, file };
        command.SetAction(result => Terminal.Guard(() =>
        {
            var number = result.GetValue(task);
            var path = result.GetValue(file);
            if (number is < 1 or > 4) throw new ArgumentException($"--task {number}: tasks are numbered 1 to 4.");
            var environment = path is not null ? ProbabilityTableFile.Load(path, name: path) : BanditTasks.Create(number, result.GetValue(seed)).Environment;
            if (environment is not ProbabilityTableEnvironment table)
                throw new ArgumentException($"--task {number}: only tasks 2 and 4 have a response table per user and item.");
            var stats = ProbabilityTableStatistics.Of(table, result.GetValue(k));
            Terminal.StdOut.WriteLine(result.GetValue(json) ? JsonSerializer.Serialize(stats, new JsonSerializerOptions { WriteIndented = true }) : Describe(table.Name, stats));
            return Task.FromResult(0);
        }));
        return command;
    }

    private static string Describe(string name, ProbabilityTableStatistics s)
    {
        static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
        static string Levels<T>(IReadOnlyList<T> levels, IReadOnlyList<double> values, Func<T, string> label) =>
            string.Join(", ", levels.Take(values.Count).Select((l, j) => $"{label(l)} {F(values[j])}"));
        return string.Join(Environment.NewLine,
            $"{name}: {s.Users:N0} users x {s.Items:N0} items, top-{s.K}",
            $"mean p {F(s.MeanProbability)}; quantiles: {Levels(ProbabilityTableStatistics.QuantileLevels, s.Quantiles, l => $"{l * 100:0}%")}",
            $"each user's highest p: {Levels(ProbabilityTableStatistics.UserMaxLevels, s.UserMaxQuantiles, l => $"{l * 100:0}%")}",
            $"items with one p for every user: {s.ConstantItems}",
            $"best non-personalised top-{s.K}: {F(s.BestNonPersonalised)}; per-user oracle: {F(s.PerUserBest)}",
            $"items in some user's top-{s.K}: {s.DistinctTopItems}; the most frequent is in {s.MostFrequentTopItemUsers} users' top-{s.K}",
            $"variance share of the first directions (item means removed): {Levels(ProbabilityTableStatistics.SpectrumDirections, s.SpectrumShares, d => d.ToString(CultureInfo.InvariantCulture))}",
            $"top-{s.K} under the best rank-r table: {Levels(ProbabilityTableStatistics.Ranks, s.RankScores, r => $"r={r}")}");
    }

    private static Command Run()
    {
        var task = new Option<int>("--task") { Description = "1 popular items, 2 context, 3 drift, 4 personal preferences.", Required = true };
        var policy = new Option<string>("--policy") { Description = "A policy of the task, or 'all'.", DefaultValueFactory = _ => "all" };
        var seeds = new Option<int>("--seeds") { Description = "Runs (seeds 1..N) per policy.", DefaultValueFactory = _ => 10 };
        var k = new Option<int>("--k") { Description = "Slate size for task 1 (1 or 3).", DefaultValueFactory = _ => 1 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the synthetic landscapes of tasks 2 and 4.", DefaultValueFactory = _ => 42 };
        var json = new Option<bool>("--json") { Description = "Print final score mean and 95% interval per policy as JSON." };
        var tableFile = new Option<string?>("--table") { Description = "Tasks 2 and 4: run on this response table (user_idx, item_idx, p; Parquet, a Spark output folder, CSV or CSV.gz) instead of the synthetic landscape." };
        var usersFile = new Option<string?>("--users") { Description = "With --table: the users' features (user_idx and numeric columns); task 2 needs them." };
        var itemsFile = new Option<string?>("--items") { Description = "With --table: the items' features (item_idx and numeric columns)." };
        var command = new Command("run", "Run policies on a task over several seeds; report final scores with 95% intervals.") { task, policy, seeds, k, seed, json, tableFile, usersFile, itemsFile };
        command.SetAction(result => Terminal.Guard(() =>
        {
            var number = result.GetValue(task);
            if (number is < 1 or > 4) throw new ArgumentException($"--task {number}: tasks are numbered 1 to 4.");
            var definition = result.GetValue(tableFile) is { } path
                ? FromTable(number, path, result.GetValue(usersFile), result.GetValue(itemsFile))
                : result.GetValue(usersFile) is null && result.GetValue(itemsFile) is null
                    ? BanditTasks.Create(number, result.GetValue(seed), result.GetValue(k))
                    : throw new ArgumentException("--users and --items describe the users and items of a --table; give --table too.");
            var names = result.GetValue(policy) is "all" ? null : new[] { result.GetValue(policy)! };
            if (names is not null) definition.Policy(names[0]);
            var comparison = BanditComparison.Run(definition, result.GetValue(seeds), names);
            if (result.GetValue(json))
            {
                Terminal.StdOut.WriteLine(JsonSerializer.Serialize(new
                {
                    task = number,
                    environment = definition.Environment.Name,
                    table = result.GetValue(tableFile),
                    k = definition.Schedule.K,
                    iterations = definition.Schedule.Iterations,
                    seeds = result.GetValue(seeds),
                    policies = comparison.Policies.Select(p => new
                    {
                        policy = p.Policy,
                        final_score = p.FinalMean,
                        lower = p.FinalInterval.Lower,
                        upper = p.FinalInterval.Upper,
                        iterations_per_second = p.IterationsPerSecond,
                    }),
                }, new JsonSerializerOptions { WriteIndented = true }));
                return Task.FromResult(0);
            }
            var table = new Table().AddColumns("policy", "final score", "95% interval", "mean reward", "iterations/s");
            foreach (var p in comparison.Policies)
                table.AddRow(Markup.Escape(p.Policy), p.FinalMean.ToString("F4", CultureInfo.InvariantCulture),
                    Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"[{p.FinalInterval.Lower:F4}, {p.FinalInterval.Upper:F4}]")),
                    p.Runs.Average(r => r.Reward.Average()).ToString("F4", CultureInfo.InvariantCulture), p.IterationsPerSecond.ToString("N0", CultureInfo.InvariantCulture));
            Terminal.Err.WriteLine($"{definition.Environment.Name}: K = {definition.Schedule.K}, {definition.Schedule.Iterations} iterations, {result.GetValue(seeds)} seeds");
            Terminal.Out.Write(table);
            return Task.FromResult(0);
        }));
        return command;
    }

    /// <summary>Task <paramref name="number"/> on the table at <paramref name="path"/>; the flags are checked before
    /// anything is read.</summary>
    private static BanditTask FromTable(int number, string path, string? users, string? items)
    {
        if (number is 1 or 3) throw new ArgumentException($"--task {number} --table: task {number} is defined by its own fixed probabilities; --table is for tasks 2 and 4.");
        if (number == 2 && users is null)
            throw new ArgumentException("--task 2 --table needs --users (and --items if the items have features): the task's contextual policies (LinUCB, hybrid LinUCB, linear Thompson) use user features.");
        if (number == 4 && (users ?? items) is not null) throw new ArgumentException("--task 4 takes no --users or --items: its policies use ids only.");
        var name = $"task {number} on {Path.GetFileName(Path.TrimEndingDirectorySeparator(path))}";
        return BanditTasks.Create(number, ProbabilityTableFile.Load(path, users, items, name));
    }
}
