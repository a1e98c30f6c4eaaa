namespace MLNetDeep.Cli.Commands;

using System.CommandLine;
using MLNetDeep.Serving;

/// <summary>
/// <c>mlnetdeep serve</c>: serves ML.NET model zips over HTTP with no user code (<see cref="ModelServer"/>): <c>POST
/// /models/{name}/predict</c> with a JSON object or array keyed by input column names, <c>GET /models/{name}</c>,
/// <c>/healthz</c>, <c>/readyz</c>. Binds to loopback unless <c>--allow-remote</c>; a URL whose host is not an IP address or
/// <c>localhost</c> is a usage error; the log states the addresses really bound. SIGTERM or Ctrl+C drains (readiness 503,
/// in-flight requests finished) and exits 0.
/// </summary>
internal sealed class ServeCommand
{
    /// <summary>The environment variable the API key is read from when neither <c>--api-key</c> nor <c>--api-key-file</c> is given.</summary>
    public const string ApiKeyVariable = "MLNETDEEP_API_KEY";

    private readonly Option<string[]> _models = new("--model")
    {
        Description = "A model file (an ML.NET model zip) to serve, as PATH (named after the file, e.g. circles.zip -> circles) or NAME=PATH; repeat for several.",
        Required = true,
        HelpName = "[NAME=]MODEL.zip",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string> _urls = new("--urls") { Description = "Where to listen, ';'-separated, as http://HOST:PORT with HOST an IP address or localhost (port 0: any free port). The default listens on loopback only.", HelpName = "URLS", DefaultValueFactory = _ => "http://127.0.0.1:5000" };
    private readonly Option<bool> _allowRemote = new("--allow-remote") { Description = "Allow --urls to name addresses beyond loopback (e.g. 0.0.0.0), exposing the server to the network." };
    private readonly Option<string?> _apiKey = new("--api-key") { Description = $"Require this key in the X-API-Key header of every request (visible to other users in the process list: prefer --api-key-file or {ApiKeyVariable}).", HelpName = "KEY" };
    private readonly Option<string?> _apiKeyFile = new("--api-key-file") { Description = "Require the key in this file (its first line) in the X-API-Key header of every request.", HelpName = "FILE" };
    private readonly Option<long> _maxBody = new("--max-body") { Description = "Largest request body in bytes (413 beyond).", HelpName = "BYTES", DefaultValueFactory = _ => 1L << 20 };
    private readonly Option<bool> _noWatch = new("--no-watch") { Description = "Do not reload a model when its file changes." };
    private readonly Option<bool> _logRequests = new("--log-requests") { Description = "Log one line per request (method, path, status, milliseconds); by default only warnings and the server's lifecycle lines." };
    private readonly Option<double> _drainDelay = new("--drain-delay") { Description = "After SIGTERM/Ctrl+C, how long in seconds to keep accepting while /readyz answers 503, so load balancers move away.", HelpName = "SECONDS", DefaultValueFactory = _ => 2 };
    private readonly Option<double> _shutdownTimeout = new("--shutdown-timeout") { Description = "Then, the longest time in seconds to wait for requests in flight.", HelpName = "SECONDS", DefaultValueFactory = _ => 10 };

    /// <summary>The command, running against <paramref name="console"/>.</summary>
    public Command Build(CliConsole console)
    {
        var command = new Command("serve", "Serve ML.NET model zips over HTTP (JSON in, JSON out).")
        {
            _models, _urls, _allowRemote, _apiKey, _apiKeyFile, _maxBody, _noWatch, _logRequests, _drainDelay, _shutdownTimeout,
        };
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
            if (Directory.Exists(path))
            {
                throw new FileNotFoundException($"--model {spec}: '{Path.GetFullPath(path)}' is a folder, not a model file.");
            }

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
            AllowRemote = r.GetValue(_allowRemote),
            ApiKey = ApiKey(r, console),
            MaxRequestBodyBytes = r.GetValue(_maxBody),
            WatchForChanges = !r.GetValue(_noWatch),
            LogRequests = r.GetValue(_logRequests),
            DrainDelay = Seconds(r.GetValue(_drainDelay), "--drain-delay"),
            ShutdownTimeout = Seconds(r.GetValue(_shutdownTimeout), "--shutdown-timeout"),
            LogWriter = console.Error,
        };

        try
        {
            ModelServer.ServeAsync(options, console.Cancellation).GetAwaiter().GetResult();
        }
        catch (ArgumentException e)
        {
            throw CliException.Usage(e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal));
        }

        return ExitCodes.Success;
    }

    /// <summary>The key from --api-key, --api-key-file or the environment variable (at most one of the two flags).</summary>
    private string? ApiKey(ParseResult r, CliConsole console)
    {
        string? flag = r.GetValue(_apiKey), file = r.GetValue(_apiKeyFile);
        if (flag is not null && file is not null)
        {
            throw CliException.Usage("--api-key and --api-key-file both give the API key; give one.");
        }

        if (flag is not null)
        {
            return flag.Length > 0 ? flag : throw CliException.Usage("--api-key is empty; give a key, or leave the option out for none.");
        }

        if (file is not null)
        {
            if (!File.Exists(file))
            {
                throw new FileNotFoundException($"--api-key-file {file}: the file '{Path.GetFullPath(file)}' does not exist.");
            }

            string key = File.ReadLines(file).FirstOrDefault()?.Trim() ?? "";
            return key.Length > 0 ? key : throw CliException.Usage($"--api-key-file {file}: the file's first line is empty; put the key there.");
        }

        if (Environment.GetEnvironmentVariable(ApiKeyVariable) is { Length: > 0 } fromEnvironment)
        {
            console.Error.WriteLine($"mlnetdeep serve: the API key comes from {ApiKeyVariable}.");
            return fromEnvironment.Trim();
        }

        return null;
    }

    private static TimeSpan Seconds(double value, string option) =>
        double.IsFinite(value) && value >= 0 && value <= 3600
            ? TimeSpan.FromSeconds(value)
            : throw CliException.Usage($"{option} {value}: give a number of seconds from 0 to 3600.");
}
