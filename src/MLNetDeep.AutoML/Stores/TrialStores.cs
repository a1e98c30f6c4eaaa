namespace MLNetDeep.AutoML.Stores;

/// <summary>
/// Opens a trial store from a storage string such as <c>sqlite:study.db</c>, <c>postgres:Host=...;Database=...</c> or
/// <c>memory</c>: the one place where the
/// command line's <c>--storage</c> values become stores, so a new scheme is added here only.
/// </summary>
public static class TrialStores
{
    /// <summary>The schemes <see cref="Open"/> knows, with what follows the colon.</summary>
    public static IReadOnlyList<string> KnownSchemes { get; } = ["sqlite:PATH", "postgres:CONNECTION-STRING", "memory"];

    /// <summary>
    /// The store <paramref name="spec"/> names: <c>memory</c> (an <see cref="InMemoryTrialStore"/>, gone when the process
    /// ends), <c>sqlite:PATH</c> (a <see cref="SqliteTrialStore"/> on the file PATH, created when missing) or
    /// <c>postgres:CONNECTION-STRING</c> (a <see cref="PostgresTrialStore"/>, an Npgsql connection string, shared by any
    /// number of workers on any number of machines). Throws <see cref="FormatException"/> for an empty path or connection
    /// string, or an unknown scheme (naming only the scheme, since a connection string may hold a password).
    /// </summary>
    /// <param name="spec">The storage string.</param>
    /// <param name="readOnly">
    /// Open the store only to read it (default false): nothing is created, altered or locked (a SQLite file must exist;
    /// see <see cref="SqliteTrialStore(string, bool)"/> and <see cref="PostgresTrialStore(string, bool)"/>), and
    /// <c>memory</c>, which holds nothing to read, is a <see cref="FormatException"/>.
    /// </param>
    public static ITrialStore Open(string spec, bool readOnly = false)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string text = spec.Trim();
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string scheme = (colon < 0 ? text : text[..colon]).ToLowerInvariant();
        string rest = colon < 0 ? "" : text[(colon + 1)..];
        switch (scheme)
        {
            case "memory" when rest.Length == 0:
                return readOnly ? throw new FormatException("memory keeps nothing after its run, so it holds no study to read; give sqlite:PATH or postgres:CONNECTION-STRING.")
                    : new InMemoryTrialStore();
            case "sqlite":
                if (rest.Trim().Length == 0)
                {
                    throw new FormatException("sqlite needs a file path: sqlite:PATH, such as sqlite:study.db.");
                }

                return new SqliteTrialStore(rest, readOnly);
            case "postgres" or "postgresql":
                if (rest.Trim().Length == 0)
                {
                    throw new FormatException("postgres needs a connection string: postgres:Host=HOST;Database=DB;Username=USER;Password=...");
                }

                return new PostgresTrialStore(rest, readOnly);
            default:
                throw new FormatException($"unknown storage scheme '{scheme}'; known: {string.Join(", ", KnownSchemes)}.");
        }
    }
}
