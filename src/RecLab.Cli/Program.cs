using System.CommandLine;
using RecLab.Cli.Commands;

var root = new RootCommand("reclab: RecLab's command line. Run the notebook series headless, check the environment, simulate, serve, train, analyse, bench.")
{
    RunCommand.Create(),
    NotebooksCommand.Create(),
    WorldCommand.Create(),
    SimulateCommand.Create(),
    ServeCommand.Create(),
    AbCommand.Create(),
    TrainCommand.Create(),
    LogsCommand.Create(),
    BanditsCommand.Create(),
    BenchCommand.Create(),
    ReportCommand.Create(),
    DoctorCommand.Create(),
};
// Termination signals are left to each command: the service host drains requests and completes its log on SIGTERM.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
