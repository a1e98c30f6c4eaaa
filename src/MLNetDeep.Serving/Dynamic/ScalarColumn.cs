namespace MLNetDeep.Serving.Dynamic;

using System.Text.Json;
using Microsoft.ML;

/// <summary>A scalar output column (number, Boolean, text, date).</summary>
internal sealed class ScalarColumn<T> : OutputColumn
{
    private readonly ValueGetter<T> _get;
    private T _value = default!;

    public ScalarColumn(DataViewRow row, DataViewSchema.Column column)
        : base(column)
    {
        _get = row.GetGetter<T>(column);
    }

    public override bool HasNaN => JsonValues.IsNaN(_value);

    public override void Fetch() => _get(ref _value);

    public override void Write(Utf8JsonWriter writer, ref List<string>? warnings, bool scoreIsNaN)
    {
        if (typeof(T) == typeof(bool) && scoreIsNaN && Role == PredictedLabel)
        {
            writer.WriteNullValue();
            Warn(ref warnings, $"{Name} is null: the score is NaN, so no label is predicted (ML.NET's Boolean {Name} would read false).");
            return;
        }

        if (!JsonValues.IsFinite(_value))
        {
            writer.WriteNullValue();
            Warn(ref warnings, Role == Score && JsonValues.IsNaN(_value)
                ? $"{Name} is NaN, written as null: the model could not score this row (an input may be too large for it)."
                : $"{Name} is {JsonValues.Text(_value)}, which JSON cannot carry: written as null.");
            return;
        }

        JsonValues.Write(writer, _value);
    }
}
