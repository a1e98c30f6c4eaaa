namespace MLNetDeep.Serving.Json;

using Microsoft.ML;

/// <summary>A column's ML.NET annotations as text: the key values of a key column, the slot names of a vector column.</summary>
internal static class ColumnAnnotations
{
    /// <summary>ML.NET's annotation kind for key values (its <c>AnnotationUtils.Kinds</c> is internal).</summary>
    public const string KeyValues = "KeyValues";

    /// <summary>ML.NET's annotation kind for slot names.</summary>
    public const string SlotNames = "SlotNames";

    /// <summary>The values a key column's keys stand for, in key order (key 1 first), as <see cref="DataViewValues.ToText"/> writes them (dates in ISO 8601); null when it has none.</summary>
    public static IReadOnlyList<string>? KeyValueTexts(DataViewSchema.Column column) => Texts(column, KeyValues);

    /// <summary>The values a key column's keys stand for, in key order, as ML.NET holds them (text as a string); null when it has none.</summary>
    public static IReadOnlyList<object>? KeyValueObjects(DataViewSchema.Column column) => DataViewValues.ReadAnnotation(column, KeyValues);

    /// <summary>
    /// A vector column's slot names, or null when it has none; for a multiclass score without slot names (classes that
    /// are not text), the class of each slot from the <c>TrainingLabelValues</c> ML.NET's trainers put on it.
    /// </summary>
    public static IReadOnlyList<string>? SlotNameTexts(DataViewSchema.Column column) => Texts(column, SlotNames) ?? Texts(column, "TrainingLabelValues");

    private static string[]? Texts(DataViewSchema.Column column, string kind) =>
        DataViewValues.ReadAnnotation(column, kind)?.Select(DataViewValues.ToText).ToArray();
}
