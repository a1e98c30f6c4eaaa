namespace MLNetDeep.Cli.Commands;

using System.CommandLine;
using MLNetDeep.Serving;

/// <summary>
/// <c>mlnetdeep serve</c>: serves saved models over HTTP with no user code (<see cref="ModelServer"/>): <c>POST
/// /models/{name}/predict</c> with a JSON object or array keyed by input column names, <c>GET /models/{name}</c>,
/// <c>/healthz</c>, <c>/readyz</c>. Binds to loopback unless told otherwise; Ctrl+C drains in-flight requests and exits.
/// </summary>
internal sealed class ServeCommand
{
    private readonly Option<string[]> _models = new("--model")
    {
        Description = "A model file to serve, as PATH (named after the file, e.g. circles.zip -> circles) or NAME=PATH; repeat for several.",
        Required = true,
        HelpName = "[NAME=]MODEL.zip",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string> _urls = new("--urls") { Description = "Where to listen, ';'-separated. Default http://127.0.0.1:5000 (loopback only).", DefaultValueFactory = _ => "http://127.0.0.1:5000" };
    private readonly Option<string?> _apiKey = new("--api-key") { Description = "Require this key in the X-API-Key header of every request." };
    private readonly Option<long> _maxBody = new("--max-body") { Description = "Largest request body in bytes (413 beyond). Default 1048576.", DefaultValueFactory = _ => 1L << 20 };
    private readonly Option<bool> _noWatch = new("--no-watch") { Description = "Do not reload a model when its file changes." };

    /// <summary>The command, running against <paramref name="console"/>.</summary>
    public Command Build(CliConsole console)
    {
        var command = new Command("serve", "Serve saved models over HTTP (JSON in, JSON out).") { _models, _urls, _apiKey, _maxBody, _noWatch };
        command.SetAction(r => Run(r, console));
        return command;
    }

    private int Run(ParseResult r, CliConsole console)
    {
        var models = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string spec in r.GetValue(_models) ?? [])
        {
            int eq = spec.IndexOf('=', StringComparison.Ordinal);
            string name = eq > 0 ? spec[..eq] : Path.GetFileNameWithoutExtension(spec);
            string path = eq > 0 ? spec[(eq + 1)..] : spec;
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"--model {spec}: the file '{Path.GetFullPath(path)}' does not exist.");
            }

            if (!models.TryAdd(name, Path.GetFullPath(path)))
            {
                throw CliException.Usage($"--model {spec}: the name '{name}' is used twice; name the models with NAME=PATH.");
            }
        }

        var options = new ModelServerOptions
        {
            Models = models,
            Urls = r.GetValue(_urls)!,
            ApiKey = r.GetValue(_apiKey),
            MaxRequestBodyBytes = r.GetValue(_maxBody),
            WatchForChanges = !r.GetValue(_noWatch),
        };
        foreach (var (name, path) in models)
        {
            console.Error.WriteLine($"serving '{name}' from {path}: POST {options.Urls.Split(';')[0].TrimEnd('/')}/models/{name}/predict");
        }

        int code = ModelServer.RunAsync(options, console.Cancellation).GetAwaiter().GetResult();
        return code switch
        {
            0 => ExitCodes.Success,
            2 => ExitCodes.Usage,
            _ => ExitCodes.Failure,
        };
    }
}
