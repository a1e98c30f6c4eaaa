namespace MLNetDeep.Scoring;

using System.Globalization;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// The multiclass lookup from a class index (0..K-1, the network's output order) to the label's key (1..K) carrying
/// the label column's key values in the label's own order, so <c>PredictedLabel</c> has exactly the label's key type
/// and values and <c>MapKeyToValue</c> gives back the original classes. Built from the label column's annotations, never
/// from hash order. The lookup's key column also carries the score annotations an ML.NET multiclass trainer puts on its
/// <c>PredictedLabel</c> (<see cref="AddPredictedLabelAnnotations"/>): <c>ValueMapping</c> gives its output the lookup's
/// value-column annotations and saves the lookup with them, so a loaded model has them too.
/// </summary>
internal static class ClassLookup
{
    public const string IndexColumn = "Index";
    public const string KeyColumn = "Key";

    /// <summary>The lookup for <paramref name="label"/>'s classes; its key column's <c>ScoreColumnSetId</c> is <paramref name="scoreSetId"/>.</summary>
    public static IDataView Create(MLContext ml, DataViewSchema.Column label, uint scoreSetId)
    {
        var keyType = (KeyDataViewType)label.Type;
        int count = checked((int)keyType.Count);
        var definition = SchemaDefinition.Create(typeof(Row));
        definition[KeyColumn].ColumnType = new KeyDataViewType(typeof(uint), count);
        if (label.Annotations.Schema.GetColumnOrNull(AnnotationKinds.KeyValues) is { } values)
        {
            Type item = ((VectorDataViewType)values.Type).ItemType.RawType;
            typeof(ClassLookup).GetMethod(nameof(AddKeyValues), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(item).Invoke(null, [definition[KeyColumn], label, values.Type]);
        }

        AddPredictedLabelAnnotations(definition[KeyColumn], scoreSetId);

        // LoadFromEnumerable reads a key-typed POCO field as 0-based (it stores value + 1, 0 being the missing key).
        Row[] rows = Enumerable.Range(0, count).Select(i => new Row { Index = (uint)i, Key = (uint)i }).ToArray();
        return ml.Data.LoadFromEnumerable(rows, definition);
    }

    /// <summary>The class names: the label's key values as text (<see cref="DataViewValues.ToText"/>), or 0..K-1 when it has none.</summary>
    public static IReadOnlyList<string> ClassNames(DataViewSchema.Column label) =>
        DataViewValues.ReadAnnotation(label, AnnotationKinds.KeyValues)?.Select(DataViewValues.ToText).ToArray()
        ?? Enumerable.Range(0, checked((int)((KeyDataViewType)label.Type).Count)).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>
    /// The annotations ML.NET's scorer puts on a multiclass trainer's <c>PredictedLabel</c>: <c>ScoreColumnKind</c>
    /// <c>MulticlassClassification</c>, <c>ScoreValueKind</c> <c>PredictedLabel</c> and <c>ScoreColumnSetId</c>
    /// <paramref name="scoreSetId"/> (<see cref="NextScoreSetId"/> of the trainer's input).
    /// </summary>
    public static void AddPredictedLabelAnnotations(SchemaDefinition.Column column, uint scoreSetId)
    {
        column.AddAnnotation(AnnotationKinds.ScoreColumnSetId, scoreSetId, new KeyDataViewType(typeof(uint), int.MaxValue));
        column.AddAnnotation(AnnotationKinds.ScoreColumnKind, nameof(FeedForwardTask.MulticlassClassification).AsMemory(), TextDataViewType.Instance);
        column.AddAnnotation(AnnotationKinds.ScoreValueKind, "PredictedLabel".AsMemory(), TextDataViewType.Instance);
    }

    /// <summary>
    /// The score set a trainer's output over <paramref name="input"/> belongs to, numbered as ML.NET's scorer numbers it:
    /// one past the highest <c>ScoreColumnSetId</c> (a <c>UInt32</c> key) on any column of the input, hidden ones
    /// included, so an earlier trainer's scores in the same pipeline keep theirs and evaluators find ours as the last set.
    /// </summary>
    public static uint NextScoreSetId(DataViewSchema input)
    {
        uint max = 0;
        foreach (DataViewSchema.Column column in input)
        {
            if (column.Annotations.Schema.GetColumnOrNull(AnnotationKinds.ScoreColumnSetId)?.Type is KeyDataViewType { RawType: var raw } && raw == typeof(uint))
            {
                uint id = 0;
                column.Annotations.GetValue(AnnotationKinds.ScoreColumnSetId, ref id);
                max = Math.Max(max, id);
            }
        }

        return checked(max + 1);
    }

    private static void AddKeyValues<T>(SchemaDefinition.Column column, DataViewSchema.Column label, DataViewType type)
    {
        VBuffer<T> values = default;
        label.Annotations.GetValue(AnnotationKinds.KeyValues, ref values);
        column.AddAnnotation(AnnotationKinds.KeyValues, values, type);
    }

    private sealed class Row
    {
        public uint Index { get; set; }

        public uint Key { get; set; }
    }

    /// <summary>ML.NET's annotation kind names (its <c>AnnotationUtils.Kinds</c> is internal).</summary>
    internal static class AnnotationKinds
    {
        public const string KeyValues = "KeyValues";
        public const string SlotNames = "SlotNames";
        public const string ScoreColumnSetId = "ScoreColumnSetId";
        public const string ScoreColumnKind = "ScoreColumnKind";
        public const string ScoreValueKind = "ScoreValueKind";
    }
}
