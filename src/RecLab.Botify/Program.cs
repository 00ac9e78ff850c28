using RecLab.Web;

// Standalone entry: dotnet RecLab.Botify.dll [--config FILE] [--urls URL]; `reclab serve` runs the same host.
var (config, directory) = BotifyHost.LoadConfig(Arg("--config"));
var urls = (Arg("--urls") ?? "http://127.0.0.1:8080").Split(';', StringSplitOptions.RemoveEmptyEntries);
await BotifyHost.Build(config, directory, urls).RunAsync();
return 0;

string? Arg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
