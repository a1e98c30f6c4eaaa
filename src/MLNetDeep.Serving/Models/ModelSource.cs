namespace MLNetDeep.Serving.Models;

/// <summary>Where a named model comes from.</summary>
/// <param name="Name">The model's name ("" for the default model).</param>
/// <param name="FilePath">The model file, as given.</param>
/// <param name="WatchForChanges">Whether a changed file is reloaded and swapped in.</param>
internal sealed record ModelSource(string Name, string FilePath, bool WatchForChanges);
