namespace MLNetDeep.AutoML.Stores;

/// <summary>
/// Opens a trial store from a storage string such as <c>sqlite:study.db</c> or <c>memory</c>: the one place where the
/// command line's <c>--storage</c> values become stores, so a new scheme is added here only.
/// </summary>
internal static class TrialStores
{
    /// <summary>The schemes <see cref="Open"/> knows, with what follows the colon.</summary>
    public static IReadOnlyList<string> KnownSchemes { get; } = ["sqlite:PATH", "memory"];

    /// <summary>
    /// The store <paramref name="spec"/> names: <c>memory</c> (an <see cref="InMemoryTrialStore"/>, gone when the process
    /// ends) or <c>sqlite:PATH</c> (a <see cref="SqliteTrialStore"/> on the file PATH, created when missing). Throws
    /// <see cref="FormatException"/> for an empty path or an unknown scheme, listing the known ones.
    /// </summary>
    public static ITrialStore Open(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string text = spec.Trim();
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string scheme = (colon < 0 ? text : text[..colon]).ToLowerInvariant();
        string rest = colon < 0 ? "" : text[(colon + 1)..];
        switch (scheme)
        {
            case "memory" when rest.Length == 0:
                return new InMemoryTrialStore();
            case "sqlite":
                if (rest.Trim().Length == 0)
                {
                    throw new FormatException("sqlite needs a file path: sqlite:PATH, such as sqlite:study.db.");
                }

                return new SqliteTrialStore(rest);
            default:
                throw new FormatException($"unknown storage '{spec}'; known: {string.Join(", ", KnownSchemes)}.");
        }
    }
}
