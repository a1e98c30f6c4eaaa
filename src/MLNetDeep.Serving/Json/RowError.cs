namespace MLNetDeep.Serving.Json;

/// <summary>Why a request row was refused.</summary>
/// <param name="Field">The JSON field at fault (e.g. <c>Features</c> or <c>Features[3]</c>), or null for the row as a whole.</param>
/// <param name="Message">What is wrong, for the client.</param>
internal sealed record RowError(string? Field, string Message);
