using System.CommandLine;
using RecLab.Cli.Commands;

var root = new RootCommand("reclab: RecLab's command line. Run the notebook series headless, check the environment, simulate, serve, train, analyse, bench.")
{
    RunCommand.Create(),
    NotebooksCommand.Create(),
    WorldCommand.Create(),
    SimulateCommand.Create(),
    AbCommand.Create(),
    BanditsCommand.Create(),
    BenchCommand.Create(),
    DoctorCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
