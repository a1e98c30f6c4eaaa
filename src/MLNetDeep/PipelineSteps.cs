namespace MLNetDeep;

using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLNetDeep.Featurization;

/// <summary>
/// The steps of a fitted ML.NET pipeline as <c>mlnetdeep info</c>, the model server's <c>GET /models/{name}</c> and the
/// HTML reports list them: the transformers in order, chains of chains flattened, each named by its type as C# writes it.
/// </summary>
public static class PipelineSteps
{
    /// <summary>The transformers of <paramref name="model"/> in order, nested chains flattened; a model that is not a chain is its one step.</summary>
    /// <param name="model">A fitted or loaded model.</param>
    public static IEnumerable<ITransformer> Of(ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model is IEnumerable<ITransformer> chain ? chain.SelectMany(Of) : [model];
    }

    /// <summary>A step's type as C# writes it, without namespaces: e.g. <c>BinaryPredictionTransformer&lt;FastTreeBinaryModelParameters&gt;</c>.</summary>
    /// <param name="step">A transformer.</param>
    public static string Name(ITransformer step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return TypeName(step.GetType());
    }

    /// <summary>
    /// The text columns of <paramref name="inputSchema"/> that <paramref name="model"/> reads as ISO 8601 dates (the date
    /// step of <c>FeaturizeColumns</c>, <see cref="Featurization.CsvColumnKind.Date"/>), in schema order. The model turns
    /// any other text there into a missing date (the training mean), so a scorer checks them with
    /// <see cref="IsDateOrMissing"/> as it checks that a numeric column holds numbers.
    /// </summary>
    /// <param name="model">A fitted or loaded model.</param>
    /// <param name="inputSchema">The schema of the rows it scores.</param>
    public static IReadOnlyList<string> DateColumns(ITransformer model, DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var found = new HashSet<string>(StringComparer.Ordinal);
        DataViewSchema schema = inputSchema;
        foreach (ITransformer step in Of(model))
        {
            DataViewSchema next = step.GetOutputSchema(schema);
            if (step is ColumnCopyingTransformer && schema.GetColumnOrNull(DateParts.InputColumn) is null && next.GetColumnOrNull(DateParts.InputColumn) is not null)
            {
                // The copy of a date column into the date mapping's input (DateParts.Estimator): the column it reads is the
                // date column (not a name match: "Features.Sold.At.Date" would also name a column "At").
                IRowToRowMapper copy = step.GetRowToRowMapper(schema);
                found.UnionWith(copy.GetDependencies([copy.OutputSchema[DateParts.InputColumn]]).Select(c => c.Name));
            }

            schema = next;
        }

        return [.. inputSchema.Where(c => c.Type is TextDataViewType && found.Contains(c.Name)).Select(c => c.Name)];
    }

    /// <summary>
    /// Whether <paramref name="text"/> is a value a date column reads (<see cref="DateColumns"/>): missing (empty, or
    /// <c>? NA N/A NaN null</c>), or an ISO 8601 date (<c>2026-12-07</c>) or date-time (<c>2026-12-07T19:30</c>,
    /// <c>2026-12-07 19:30:15.25</c>, with an optional <c>Z</c> or <c>+01:00</c>).
    /// </summary>
    public static bool IsDateOrMissing(ReadOnlySpan<char> text) => CsvValues.IsMissing(text) || DateParts.TryParse(text, out _);

    private static string TypeName(Type type) => type.IsGenericType
        ? $"{type.Name.Split('`')[0]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>"
        : type.Name;
}
