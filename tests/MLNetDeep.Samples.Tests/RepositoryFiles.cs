namespace MLNetDeep.Samples.Tests;

/// <summary>Paths inside the repository the tests run from.</summary>
internal static class RepositoryFiles
{
    /// <summary>The folder holding MLNetDeep.sln, found upwards from the test binaries.</summary>
    public static string Root()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "MLNetDeep.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException($"No MLNetDeep.sln above {AppContext.BaseDirectory}.");
    }
}
