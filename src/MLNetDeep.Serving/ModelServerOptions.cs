namespace MLNetDeep.Serving;

using MLNetDeep.Serving.Server;

/// <summary>What <see cref="ModelServer"/> serves and how.</summary>
public sealed record ModelServerOptions
{
    /// <summary>The models to serve: name (used in <c>/models/{name}</c>) to model file path (an ML.NET model zip). Required, at least one.</summary>
    public IReadOnlyDictionary<string, string> Models { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Where to listen, separated by ';': <c>http://HOST:PORT</c> (or <c>https://</c>) where HOST is an IP address or
    /// <c>localhost</c>, PORT a number (0: any free port; the log states the one taken). Any other host is refused as a
    /// likely typo. <value>Default <c>http://127.0.0.1:5000</c>: loopback only.</value>
    /// </summary>
    public string Urls { get; init; } = "http://127.0.0.1:5000";

    /// <summary>Whether <see cref="Urls"/> may name addresses other than loopback (e.g. <c>0.0.0.0</c>), exposing the server beyond this machine. <value>Default false.</value></summary>
    public bool AllowRemote { get; init; }

    /// <summary>When set, every request must carry it in the <c>X-API-Key</c> header (else 401). <value>Default null: no key.</value></summary>
    public string? ApiKey { get; init; }

    /// <summary>The largest request body accepted (413 beyond). <value>Default 1 MiB (1,048,576 bytes).</value></summary>
    public long MaxRequestBodyBytes { get; init; } = 1L << 20;

    /// <summary>How deeply a JSON body may nest (400 beyond). <value>Default 16.</value></summary>
    public int MaxJsonDepth { get; init; } = 16;

    /// <summary>The most rows one request may carry. <value>Default 1,000.</value></summary>
    public int MaxRowsPerRequest { get; init; } = 1000;

    /// <summary>
    /// How long a request body may stall: once this has passed, a body arriving slower than 240 bytes/s is answered 408
    /// (Kestrel's minimum request body data rate). <value>Default 5 seconds (Kestrel's); more than 1 second.</value>
    /// </summary>
    public TimeSpan RequestBodyGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether a changed model file is reloaded and swapped in. <value>Default true.</value></summary>
    public bool WatchForChanges { get; init; } = true;

    /// <summary>
    /// After a stop signal (SIGTERM, Ctrl+C), how long the server keeps accepting connections while <c>/readyz</c> answers
    /// 503 and every answer closes its connection, so that load balancers (set it to at least their readiness polling
    /// interval) and keep-alive clients move away before the listener closes. <value>Default 2 seconds; zero stops
    /// accepting at once.</value>
    /// </summary>
    public TimeSpan DrainDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Once the server stops accepting connections, how long it waits for in-flight requests to finish before cutting them off. <value>Default 10 seconds.</value></summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether every request is logged (one Information line: method, path, status, milliseconds). <value>Default false: only warnings and the server's own lifecycle lines.</value></summary>
    public bool LogRequests { get; init; }

    /// <summary>Where the server writes its log lines. <value>Default null: standard error.</value></summary>
    public TextWriter? LogWriter { get; init; }

    /// <summary>Where ML.NET writes its temporary copies of the models' ONNX graphs while they are loaded. <value>Default null: a folder of this process under the system temp folder, removed at exit.</value></summary>
    public string? TempFolder { get; init; }

    /// <summary>The clock for load times, reload timing, latency and log lines. <value>Default null: <see cref="TimeProvider.System"/>.</value></summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option that is not valid and its value.</summary>
    internal IReadOnlyList<ListenAddress> Validate()
    {
        if (Models is null || Models.Count == 0)
        {
            throw new ArgumentException("ModelServerOptions.Models must name at least one model.", nameof(Models));
        }

        foreach (var (name, path) in Models)
        {
            if (string.IsNullOrEmpty(name) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                throw new ArgumentException($"Model name '{name}' is not valid: use letters, digits, '-', '_' and '.'.", nameof(Models));
            }

            if (string.IsNullOrWhiteSpace(path))
            {
                throw new ArgumentException($"Model '{name}' has no file path.", nameof(Models));
            }
        }

        if (ApiKey is not null && ApiKey.Length == 0)
        {
            throw new ArgumentException("ModelServerOptions.ApiKey must not be empty; leave it null for no key.", nameof(ApiKey));
        }

        if (RequestBodyGracePeriod <= TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(RequestBodyGracePeriod), RequestBodyGracePeriod, "RequestBodyGracePeriod must be more than 1 second (Kestrel checks body rates once a second).");
        }

        if (DrainDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(DrainDelay), DrainDelay, "DrainDelay must not be negative.");
        }

        if (ShutdownTimeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ShutdownTimeout), ShutdownTimeout, "ShutdownTimeout must not be negative.");
        }

        ToEndpointOptions().Validate();
        return ListenAddress.ParseAll(Urls, AllowRemote);
    }

    internal PredictEndpointOptions ToEndpointOptions() =>
        new() { MaxRequestBodyBytes = MaxRequestBodyBytes, MaxJsonDepth = MaxJsonDepth, MaxRowsPerRequest = MaxRowsPerRequest };
}
