namespace MLNetDeep.Cli.Output;

using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>The text of a column's key values or slot names (ML.NET annotations), for CSV headers and messages.</summary>
internal static class KeyNames
{
    /// <summary>
    /// The key values of a key column as text, in key order (or another annotation holding values, such as the
    /// <c>TrainingLabelValues</c> ML.NET puts on a multiclass score); null when it has none.
    /// </summary>
    public static string[]? Of(DataViewSchema.Column column, string annotation = "KeyValues") =>
        DataViewValues.ReadAnnotation(column, annotation)?.Select(DataViewValues.ToText).ToArray();

    /// <summary>The slot names of a vector column, or null.</summary>
    public static string[]? SlotNames(DataViewSchema.Column column)
    {
        if (!column.HasSlotNames())
        {
            return null;
        }

        VBuffer<ReadOnlyMemory<char>> names = default;
        column.GetSlotNames(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }
}
