namespace MLNetDeep.Serving;

/// <summary>What <see cref="ModelServer"/> serves and how.</summary>
public sealed record ModelServerOptions
{
    /// <summary>The models to serve: name (used in <c>/models/{name}</c>) to model file path. Required, at least one.</summary>
    public IReadOnlyDictionary<string, string> Models { get; init; } = new Dictionary<string, string>();

    /// <summary>Where to listen, separated by ';'. <value>Default <c>http://127.0.0.1:5000</c>: loopback only; name another address to expose the server.</value></summary>
    public string Urls { get; init; } = "http://127.0.0.1:5000";

    /// <summary>When set, every request must carry it in the <c>X-API-Key</c> header (else 401). <value>Default null: no key.</value></summary>
    public string? ApiKey { get; init; }

    /// <summary>The largest request body accepted (413 beyond). <value>Default 1 MiB (1,048,576 bytes).</value></summary>
    public long MaxRequestBodyBytes { get; init; } = 1L << 20;

    /// <summary>How deeply a JSON body may nest (400 beyond). <value>Default 16.</value></summary>
    public int MaxJsonDepth { get; init; } = 16;

    /// <summary>The most rows one request may carry. <value>Default 1,000.</value></summary>
    public int MaxRowsPerRequest { get; init; } = 1000;

    /// <summary>Whether a changed model file is reloaded and swapped in. <value>Default true.</value></summary>
    public bool WatchForChanges { get; init; } = true;

    /// <summary>How long shutdown waits for in-flight requests to finish. <value>Default 10 seconds.</value></summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock for load times, reload timing and latency. <value>Default null: <see cref="TimeProvider.System"/>.</value></summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Throws naming the first option that is not valid.</summary>
    internal void Validate()
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

        if (string.IsNullOrWhiteSpace(Urls))
        {
            throw new ArgumentException("ModelServerOptions.Urls must not be empty.", nameof(Urls));
        }

        if (ApiKey is not null && ApiKey.Length == 0)
        {
            throw new ArgumentException("ModelServerOptions.ApiKey must not be empty; leave it null for no key.", nameof(ApiKey));
        }

        ToEndpointOptions().Validate();
    }

    internal PredictEndpointOptions ToEndpointOptions() =>
        new() { MaxRequestBodyBytes = MaxRequestBodyBytes, MaxJsonDepth = MaxJsonDepth, MaxRowsPerRequest = MaxRowsPerRequest };
}
