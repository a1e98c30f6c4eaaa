namespace MLNetDeep;

using System.Reflection;

/// <summary>This library's version, as recorded in every model it trains.</summary>
internal static class LibraryInfo
{
    /// <summary>The informational version without source-control suffix, e.g. <c>0.1.0</c>.</summary>
    public static string Version { get; } = (typeof(LibraryInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(LibraryInfo).Assembly.GetName().Version?.ToString() ?? "0.0.0").Split('+')[0];
}
