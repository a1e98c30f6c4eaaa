namespace MLNetDeep.Featurization;

using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

/// <summary>
/// Turns a raw label column (numbers or text, as loaded from a file) into the label a feed-forward trainer of the task
/// needs, with stock ML.NET transformers only, so the preparation can be part of a saved model and is applied again
/// when the model scores labelled data. Create it with <see cref="FeaturizationTransformsCatalog.PrepareLabel"/>.
/// </summary>
/// <remarks>
/// <para>Fitting reads the label column once and learns its values (<see cref="LabelClasses"/>):</para>
/// <list type="bullet">
/// <item>Binary: exactly two distinct non-missing values, else an error naming the column and the values. The larger is
/// positive (numeric order, false &lt; true for Boolean words, ordinal text order). The label becomes Boolean in place
/// (ML.NET's <c>ValueMapping</c>), and <c>{label}Key</c> is added: a key with the two values as key values
/// (<c>MapValueToKey</c>), which tells the classes from a saved model and is missing (key 0) for rows with a missing or
/// unknown label, so <c>ml.Data.FilterRowsByMissingValues(data, "{label}Key")</c> drops them (the Boolean label of such
/// rows is false: Boolean, which every ML.NET binary trainer takes, cannot be missing; fitting on data with missing
/// labels warns on <c>MLContext.Log</c>). A label that is already Boolean is left alone.</item>
/// <item>Multiclass: the label becomes a key in place whose key values are the classes sorted as above
/// (<c>MapValueToKey</c> with those classes as its key data); missing and unknown values get the missing key 0, which
/// the trainer skips. A label that is already a key is left alone.</item>
/// <item>Regression: the label must hold numbers; Single is left alone, other numeric types become Single
/// (<c>ConvertType</c>); text is an error naming the column and a value.</item>
/// </list>
/// <para>The model's <c>PredictedLabel</c> then carries the classes too: Boolean for binary (true is the positive value),
/// the label's key type and key values for multiclass, so <c>MapKeyToValue</c> gives the original class back.</para>
/// <para>Because the preparation is part of the model, data to score must have the label column too (ML.NET's
/// <c>MapValueToKey</c> needs its input: without it, <c>Transform</c> or <c>CreatePredictionEngine</c> fails with
/// "Could not find input column"); its value does not change the prediction, so give a POCO for a
/// <c>PredictionEngine</c> the label property and leave it empty, or keep the label preparation out of the model you save.</para>
/// </remarks>
public sealed class LabelPreparationEstimator : IEstimator<ITransformer>
{
    private static readonly MLContext Context = new(seed: 0);

    internal LabelPreparationEstimator(FeedForwardTask task, string labelColumnName)
    {
        ArgumentException.ThrowIfNullOrEmpty(labelColumnName);
        if (!Enum.IsDefined(task))
        {
            throw new ArgumentOutOfRangeException(nameof(task), task, $"task is {task}; expected a FeedForwardTask.");
        }

        Task = task;
        LabelColumnName = labelColumnName;
    }

    /// <summary>The task the label is prepared for.</summary>
    public FeedForwardTask Task { get; }

    /// <summary>The label column, changed in place.</summary>
    public string LabelColumnName { get; }

    /// <summary>Where warnings go: the MLContext's environment of the catalog that made the estimator (its <c>Log</c>).</summary>
    internal IChannelProvider? Log { get; init; }

    /// <summary>
    /// Learns the label's values from <paramref name="input"/> and returns the preparation as a chain of stock ML.NET
    /// transformers (empty when the label already has the task's type). Read the classes learned with
    /// <c>LabelClasses.FromSchema(transformer.GetOutputSchema(input.Schema), LabelColumnName)</c>.
    /// </summary>
    /// <param name="input">Data with the raw label column.</param>
    /// <exception cref="ArgumentException">The label column is missing, has a type the task cannot use, or (classification) the wrong number of distinct values; the message names the column and the values.</exception>
    public ITransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        DataViewSchema.Column label = input.Schema.GetColumnOrNull(LabelColumnName) is { IsHidden: false } c
            ? c
            : throw Missing(input.Schema.Where(x => !x.IsHidden).Select(x => x.Name));
        if (Task == FeedForwardTask.Regression && label.Type is TextDataViewType)
        {
            string example = DataViewValues.Read(input, label).Cast<string>().FirstOrDefault(v => !CsvValues.IsMissing(v)) ?? "";
            throw new ArgumentException($"{nameof(LabelPreparationEstimator)}: regression needs a numeric label, but the label column '{LabelColumnName}' holds text such as '{example}'.");
        }

        CheckType(label.Type, label.Type is KeyDataViewType);
        if (IsAlreadyPrepared(label.Type))
        {
            return new TransformerChain<ITransformer>();
        }

        if (Task == FeedForwardTask.Regression)
        {
            return new TransformerChain<ITransformer>(Context.Transforms.Conversion.ConvertType(LabelColumnName, LabelColumnName, DataKind.Single).Fit(input));
        }

        LabelClasses classes = LabelClasses.Learn(input, LabelColumnName, Task, nameof(LabelPreparationEstimator), out long missing, out long rows);
        if (Task == FeedForwardTask.BinaryClassification && missing > 0 && Log is { } log)
        {
            using IChannel channel = log.Start(nameof(LabelPreparationEstimator));
            channel.Warning(MessageSensitivity.None, "{0}", $"{missing} of {rows} rows have a missing label in column '{LabelColumnName}'; "
                + $"the prepared Boolean label of such a row is false (the negative class '{classes.Negative}'). To leave them out of "
                + $"training, filter the prepared data: ml.Data.FilterRowsByMissingValues(prepared, \"{classes.KeyColumnName}\").");
        }

        return (ITransformer)typeof(LabelPreparationEstimator).GetMethod(nameof(Build), BindingFlags.NonPublic | BindingFlags.Instance)!
            .MakeGenericMethod(NetType(classes.RawType)).Invoke(this, BindingFlags.DoNotWrapExceptions, null, [classes, input], null)!;
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaShape.Column label = inputSchema.FirstOrDefault(c => c.Name == LabelColumnName);
        if (label.Name is null)
        {
            throw Missing(inputSchema.Select(c => c.Name));
        }

        if (label.Kind != SchemaShape.Column.VectorKind.Scalar)
        {
            throw new ArgumentException($"{nameof(LabelPreparationEstimator)}: the label column '{LabelColumnName}' is a vector; a scalar label is needed.");
        }

        CheckType(label.ItemType, label.IsKey);
        bool prepared = Task switch
        {
            FeedForwardTask.BinaryClassification => label.ItemType is BooleanDataViewType,
            FeedForwardTask.MulticlassClassification => label.IsKey,
            _ => label.ItemType == NumberDataViewType.Single && !label.IsKey,
        };
        if (prepared)
        {
            return inputSchema;
        }

        var conversion = Context.Transforms.Conversion;
        return Task switch
        {
            FeedForwardTask.BinaryClassification => conversion.MapValueToKey(LabelClasses.KeyColumnFor(Task, LabelColumnName), LabelColumnName)
                .Append(conversion.ConvertType(LabelColumnName, LabelColumnName, DataKind.Boolean)).GetOutputSchema(inputSchema),
            FeedForwardTask.MulticlassClassification => conversion.MapValueToKey(LabelColumnName, LabelColumnName).GetOutputSchema(inputSchema),
            _ => conversion.ConvertType(LabelColumnName, LabelColumnName, DataKind.Single).GetOutputSchema(inputSchema),
        };
    }

    private TransformerChain<ITransformer> Build<T>(LabelClasses classes, IDataView input)
    {
        var conversion = Context.Transforms.Conversion;
        T[] values = classes.RawValues.Select(v => v is string s ? (T)(object)s : (T)v).ToArray();
        IDataView keyData = Context.Data.LoadFromEnumerable(values.Select(v => new KeyRow<T> { Value = v }));
        string keyColumn = classes.KeyColumnName;
        ITransformer toKey = conversion.MapValueToKey(keyColumn, LabelColumnName, keyData: keyData).Fit(input);
        if (Task == FeedForwardTask.MulticlassClassification)
        {
            return new TransformerChain<ITransformer>(toKey);
        }

        IDataView keyed = toKey.Transform(input);
        KeyValuePair<T, bool>[] pairs = [new(values[0], false), new(values[1], true)];
        ITransformer toBoolean = conversion.MapValue(LabelColumnName, pairs, LabelColumnName).Fit(keyed);
        return new TransformerChain<ITransformer>(toKey, toBoolean);
    }

    private bool IsAlreadyPrepared(DataViewType type) => Task switch
    {
        FeedForwardTask.BinaryClassification => type is BooleanDataViewType,
        FeedForwardTask.MulticlassClassification => type is KeyDataViewType,
        _ => type == NumberDataViewType.Single,
    };

    private void CheckType(DataViewType type, bool isKey)
    {
        bool number = type is NumberDataViewType && !isKey;
        bool ok = Task switch
        {
            FeedForwardTask.Regression => number,
            FeedForwardTask.BinaryClassification => number || type is TextDataViewType || type is BooleanDataViewType,
            _ => number || type is TextDataViewType || type is BooleanDataViewType || isKey,
        };
        if (!ok)
        {
            string need = Task == FeedForwardTask.Regression ? "numbers" : "numbers, text or Booleans";
            throw new ArgumentException($"{nameof(LabelPreparationEstimator)}: the label column '{LabelColumnName}' is {type}; {Task} needs {need}.");
        }
    }

    private ArgumentOutOfRangeException Missing(IEnumerable<string> columns) =>
        new("labelColumnName", LabelColumnName, $"{nameof(LabelPreparationEstimator)}: there is no label column '{LabelColumnName}' (columns: {string.Join(", ", columns)}).");

    private static Type NetType(Type raw) => raw == typeof(ReadOnlyMemory<char>) ? typeof(string) : raw;

    private sealed class KeyRow<T>
    {
        public T Value { get; set; } = default!;
    }
}
