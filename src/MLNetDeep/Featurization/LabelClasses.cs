namespace MLNetDeep.Featurization;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Trainers;

/// <summary>
/// The values a classification label takes, in the order the prepared label uses them: binary [negative, positive]
/// (the larger value is positive: numeric order for numbers, false &lt; true for Boolean words, ordinal order for other
/// text, so <c>no</c>/<c>yes</c> makes <c>yes</c> positive), multiclass the classes sorted the same way (key k is
/// <c>Values[k - 1]</c>). Learned by <see cref="LabelPreparationEstimator"/>; read back from a prepared or scored
/// schema (a saved model's output included) with <see cref="FromSchema"/>.
/// </summary>
public sealed class LabelClasses
{
    private LabelClasses(FeedForwardTask task, string labelColumnName, IReadOnlyList<object> rawValues, Type rawType)
    {
        Task = task;
        LabelColumnName = labelColumnName;
        RawValues = rawValues;
        RawType = rawType;
        Values = rawValues.Select(DataViewValues.ToText).ToArray();
    }

    /// <summary>The task: binary or multiclass classification.</summary>
    public FeedForwardTask Task { get; }

    /// <summary>The label column.</summary>
    public string LabelColumnName { get; }

    /// <summary>The values as text (numbers shortest round-trip, invariant culture), in key order: binary [negative, positive].</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>Binary: the positive value (the larger one); multiclass: null.</summary>
    public string? Positive => Task == FeedForwardTask.BinaryClassification ? Values[1] : null;

    /// <summary>Binary: the negative value; multiclass: null.</summary>
    public string? Negative => Task == FeedForwardTask.BinaryClassification ? Values[0] : null;

    /// <summary>Whether the label holds numbers (rather than text or Booleans).</summary>
    public bool IsNumeric => RawType != typeof(ReadOnlyMemory<char>) && RawType != typeof(bool);

    /// <summary>
    /// The key column carrying the classes as ML.NET key values after preparation: the label itself for multiclass,
    /// <c>{label}Key</c> beside the Boolean label for binary (see <see cref="LabelPreparationEstimator"/>).
    /// </summary>
    public string KeyColumnName => KeyColumnFor(Task, LabelColumnName);

    internal IReadOnlyList<object> RawValues { get; }

    internal Type RawType { get; }

    /// <summary>
    /// The classes a prepared schema carries in its key column's key values (the output schema of
    /// <see cref="LabelPreparationEstimator"/>'s transformer, or of a whole saved model that contains it); null when
    /// <paramref name="schema"/> has no such column (regression, or a label prepared some other way).
    /// </summary>
    /// <param name="schema">A schema after label preparation.</param>
    /// <param name="labelColumnName">The label column.</param>
    public static LabelClasses? FromSchema(DataViewSchema schema, string labelColumnName)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentException.ThrowIfNullOrEmpty(labelColumnName);
        if (schema.GetColumnOrNull(KeyColumnFor(FeedForwardTask.BinaryClassification, labelColumnName)) is { Type: KeyDataViewType { Count: 2 } } binaryKey
            && schema.GetColumnOrNull(labelColumnName) is { Type: BooleanDataViewType } && KeyValues(binaryKey) is { } pair)
        {
            return new LabelClasses(FeedForwardTask.BinaryClassification, labelColumnName, pair.Values, pair.Type);
        }

        if (schema.GetColumnOrNull(labelColumnName) is { Type: KeyDataViewType } key && KeyValues(key) is { } classes)
        {
            return new LabelClasses(FeedForwardTask.MulticlassClassification, labelColumnName, classes.Values, classes.Type);
        }

        return null;
    }

    /// <summary>
    /// Throws when a row of <paramref name="data"/> (raw, before preparation) has a label value that is neither missing
    /// nor one of <see cref="Values"/>; rows with a missing label (NaN, empty text, <c>? NA N/A NaN null</c>) pass.
    /// </summary>
    /// <param name="data">Raw data with the label column.</param>
    /// <param name="dataName">How messages name the data, e.g. its file.</param>
    /// <exception cref="InvalidDataException">The message names the data, the 1-based data row, the column, the value and the known values.</exception>
    public void CheckValues(IDataView data, string dataName)
    {
        ArgumentNullException.ThrowIfNull(data);
        DataViewSchema.Column column = data.Schema.GetColumnOrNull(LabelColumnName)
            ?? throw new ArgumentException($"{dataName} has no label column '{LabelColumnName}'.", nameof(data));
        var known = new HashSet<string>(Values, StringComparer.Ordinal);
        IReadOnlyList<object> values = DataViewValues.Read(data, column);
        for (int row = 0; row < values.Count; row++)
        {
            object v = values[row];
            if (IsMissing(v))
            {
                continue;
            }

            string text = DataViewValues.ToText(v);
            if (!known.Contains(text))
            {
                throw new InvalidDataException($"{dataName}, data row {row + 1}: label '{text}' in column '{LabelColumnName}' is not one of the values the model was trained on ({Preview(Values)}).");
            }
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Task == FeedForwardTask.BinaryClassification
        ? $"{LabelColumnName}: positive '{Positive}', negative '{Negative}'"
        : $"{LabelColumnName}: {Values.Count} classes {Preview(Values)}";

    /// <summary>
    /// Learns the classes of <paramref name="labelColumnName"/> in <paramref name="data"/> for <paramref name="task"/> (one
    /// pass over the column); <paramref name="missing"/> counts the rows whose label is missing, of <paramref name="rows"/>.
    /// </summary>
    internal static LabelClasses Learn(IDataView data, string labelColumnName, FeedForwardTask task, string trainerName, out long missing, out long rows)
    {
        DataViewSchema.Column column = data.Schema[labelColumnName];
        Type raw = column.Type.RawType;
        IReadOnlyList<object> all = DataViewValues.Read(data, column);
        List<object> present = all.Where(v => !IsMissing(v)).ToList();
        (missing, rows) = (all.Count - present.Count, all.Count);
        List<object> distinct = present.Distinct().ToList();
        List<object> sorted = Sort(distinct, raw);
        if (task == FeedForwardTask.BinaryClassification && sorted.Count != 2)
        {
            throw new ArgumentException($"{trainerName}: binary classification needs exactly two distinct values in the label column '{labelColumnName}'; it holds {sorted.Count}: {Preview(sorted.Select(DataViewValues.ToText).ToArray())}.");
        }

        if (task == FeedForwardTask.MulticlassClassification && sorted.Count is < 2 or > FeedForwardMulticlassTrainer.MaximumClassCount)
        {
            throw new ArgumentException($"{trainerName}: multiclass classification needs 2 to {FeedForwardMulticlassTrainer.MaximumClassCount} distinct values in the label column '{labelColumnName}'; it holds {sorted.Count}: {Preview(sorted.Select(DataViewValues.ToText).ToArray())}.");
        }

        return new LabelClasses(task, labelColumnName, sorted, raw);
    }

    internal static string KeyColumnFor(FeedForwardTask task, string label) => task == FeedForwardTask.BinaryClassification ? label + "Key" : label;

    internal static bool IsMissing(object value) => value switch
    {
        string s => CsvValues.IsMissing(s),
        float f => float.IsNaN(f),
        double d => double.IsNaN(d),
        _ => false,
    };

    private static List<object> Sort(List<object> values, Type raw)
    {
        if (raw == typeof(ReadOnlyMemory<char>))
        {
            var texts = values.Cast<string>().ToList();
            return texts.All(t => bool.TryParse(t, out _))
                ? texts.OrderBy(bool.Parse).Cast<object>().ToList()
                : texts.Order(StringComparer.Ordinal).Cast<object>().ToList();
        }

        return values.Order(Comparer<object>.Default).ToList();
    }

    private static (IReadOnlyList<object> Values, Type Type)? KeyValues(DataViewSchema.Column key) =>
        DataViewValues.ReadAnnotation(key, "KeyValues") is { } values ? (values, ((VectorDataViewType)key.Annotations.Schema["KeyValues"].Type).ItemType.RawType) : null;

    private static string Preview(IReadOnlyList<string> values) =>
        values.Count == 0 ? "none" : string.Join(", ", values.Take(5).Select(v => $"'{v}'")) + (values.Count > 5 ? ", ..." : "");
}
