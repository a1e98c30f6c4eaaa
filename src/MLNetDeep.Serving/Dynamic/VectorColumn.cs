namespace MLNetDeep.Serving.Dynamic;

using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>A vector output column, written as a dense array (e.g. a multiclass <c>Score</c>, one probability per class).</summary>
internal sealed class VectorColumn<T> : OutputColumn
{
    private readonly ValueGetter<VBuffer<T>> _get;
    private VBuffer<T> _value;

    public VectorColumn(DataViewRow row, DataViewSchema.Column column)
        : base(column)
    {
        _get = row.GetGetter<VBuffer<T>>(column);
    }

    public override bool HasNaN
    {
        get
        {
            foreach (T item in _value.GetValues())
            {
                if (JsonValues.IsNaN(item))
                {
                    return true;
                }
            }

            return false;
        }
    }

    public override void Fetch() => _get(ref _value);

    public override void Write(Utf8JsonWriter writer, ref List<string>? warnings, bool scoreIsNaN)
    {
        bool nonFinite = false;
        writer.WriteStartArray();
        foreach (T item in _value.DenseValues())
        {
            if (JsonValues.IsFinite(item))
            {
                JsonValues.Write(writer, item);
            }
            else
            {
                writer.WriteNullValue();
                nonFinite = true;
            }
        }

        writer.WriteEndArray();
        if (nonFinite)
        {
            Warn(ref warnings, Role == Score && HasNaN
                ? $"{Name} holds NaN, written as null: the model could not score this row (an input may be too large for it)."
                : $"{Name} holds NaN or infinite values, which JSON cannot carry: written as null.");
        }
    }
}
