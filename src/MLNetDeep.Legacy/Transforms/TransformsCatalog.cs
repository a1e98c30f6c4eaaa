namespace MLNetDeep.Legacy.Transforms;

/// <summary>
/// Feature transforms (<c>context.Transforms</c>), as ML.NET's <c>TransformsCatalog</c>: the output column name comes
/// first, then the input (defaulting to the output name).
/// </summary>
public sealed partial class TransformsCatalog
{
    internal TransformsCatalog(DeepContext context)
    {
        Context = context;
    }

    internal DeepContext Context { get; }

    /// <summary>
    /// Concatenates numeric columns (Single, Double, Int32, Int64, Boolean as 0/1, and known-size Single vectors) into one
    /// known-size vector of Single named <paramref name="outputColumnName"/>, in the order given.
    /// </summary>
    public ColumnConcatenatingEstimator Concatenate(string outputColumnName, params string[] inputColumnNames) =>
        new(outputColumnName, inputColumnNames);
}
