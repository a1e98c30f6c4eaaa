namespace MLNetDeep.Serving.Dynamic;

using System.Text.Json;
using Microsoft.ML;
using MLNetDeep.Serving.Json;

/// <summary>
/// A key output column (e.g. a multiclass <c>PredictedLabel</c>), written as the value the key stands for (through the
/// column's key values, e.g. the class name) or, without key values, as the key number; the missing key 0 is null.
/// </summary>
internal sealed class KeyColumn<T> : OutputColumn
{
    private readonly ValueGetter<T> _get;
    private readonly byte[][]? _values; // each key value's JSON, key 1 first
    private readonly ulong _count;
    private T _key = default!;

    public KeyColumn(DataViewRow row, DataViewSchema.Column column)
        : base(column)
    {
        _get = row.GetGetter<T>(column);
        _count = ((Microsoft.ML.Data.KeyDataViewType)column.Type).Count;
        _values = ColumnAnnotations.KeyValueObjects(column)?.Select(JsonValues.Serialize).ToArray();
    }

    public override bool HasNaN => false;

    public override void Fetch() => _get(ref _key);

    public override void Write(Utf8JsonWriter writer, ref List<string>? warnings, bool scoreIsNaN)
    {
        ulong key = Convert.ToUInt64(_key, System.Globalization.CultureInfo.InvariantCulture);
        if (scoreIsNaN && Role == PredictedLabel)
        {
            // MLNetDeep's models give the missing key here; another trainer's argmax over NaN may name a class it did not choose.
            writer.WriteNullValue();
            Warn(ref warnings, $"{Name} is null: the score holds NaN, so no class is predicted (ML.NET's key {Name} reads {key}{(key == 0 ? ", the missing key" : "")}).");
            return;
        }

        if (key == 0 || (_count > 0 && key > _count))
        {
            writer.WriteNullValue();
            Warn(ref warnings, $"{Name} is null: the model predicted no value (the missing key, 0).");
            return;
        }

        if (_values is not null && key <= (ulong)_values.Length)
        {
            writer.WriteRawValue(_values[key - 1], skipInputValidation: true);
        }
        else
        {
            writer.WriteNumberValue(key);
        }
    }
}
