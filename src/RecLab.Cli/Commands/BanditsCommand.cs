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
    public static Command Create() => new("bandits", "Bandit tasks 1-4 (popular items, context, drift, personal preferences).") { Run() };

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
