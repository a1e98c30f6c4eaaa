namespace MLNetDeep.Serving.Json;

using Microsoft.ML.Data;

/// <summary>One input column a request row may carry.</summary>
/// <param name="Name">The column (and JSON field) name.</param>
/// <param name="Index">Its position in the values array a row is read into.</param>
/// <param name="Type">Its ML.NET type; a known-size vector's size is the length a request must send.</param>
/// <param name="KeyValues">For a key column, the values its keys stand for as text (a request may send one of them), or null.</param>
/// <param name="Required">Whether the model reads it (so a request must send it); other columns may be left out.</param>
/// <param name="Date">Whether the model reads the text as an ISO 8601 date (<c>PipelineSteps.DateColumns</c>): any other non-missing text is refused.</param>
internal sealed record InputColumn(string Name, int Index, DataViewType Type, IReadOnlyList<string>? KeyValues, bool Required, bool Date = false);
