namespace MLNetDeep.Legacy;

using MLNetDeep.Legacy.Data;

/// <summary>A pipeline step that learns from data (ML.NET's <c>IEstimator&lt;TTransformer&gt;</c>).</summary>
/// <typeparam name="TTransformer">The fitted step it produces.</typeparam>
public interface IEstimator<out TTransformer>
    where TTransformer : ITransformer
{
    /// <summary>Learns from <paramref name="input"/> and returns the fitted step.</summary>
    TTransformer Fit(IDataView input);

    /// <summary>
    /// Checks the input shape before any data is read and returns the output shape.
    /// </summary>
    /// <exception cref="ArgumentException">A needed column is missing or has the wrong type; the message names the column, the expected type and the type found.</exception>
    SchemaShape GetOutputSchema(SchemaShape inputSchema);
}
