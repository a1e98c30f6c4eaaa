namespace MLNetDeep.Serving.Dynamic;

using System.Text.Json;
using MLNetDeep.Legacy.Data;
using MLNetDeep.Serving.Models;

/// <summary>
/// A prediction engine without user types: reads a row of column values in the model's saved input schema and writes
/// the output columns (every visible column whose name is not an input column) as a JSON object. Not thread-safe.
/// </summary>
internal sealed class SchemaEngine
{
    private readonly ValuesRow _input;
    private readonly (string Name, Action<Utf8JsonWriter> Write)[] _outputs;

    public SchemaEngine(ModelSnapshot model)
    {
        _input = new ValuesRow(model.InputSchema);
        DataViewRow output = ((IStepTransformer)model.Transformer).MapRow(_input);
        var inputNames = new HashSet<string>(model.InputSchema.Select(c => c.Name), StringComparer.Ordinal);
        OutputColumns = output.Schema.Where(c => !c.IsHidden && !inputNames.Contains(c.Name)).ToArray();
        _outputs = OutputColumns.Select(c => (c.Name, OutputColumnWriter.Create(output, c))).ToArray();
    }

    /// <summary>The columns written for each row.</summary>
    public IReadOnlyList<DataViewSchema.Column> OutputColumns { get; }

    /// <summary>Predicts one row (one slot per input schema column) and writes it as a JSON object.</summary>
    public void Predict(object?[] values, Utf8JsonWriter writer)
    {
        _input.Set(values);
        writer.WriteStartObject();
        foreach (var (name, write) in _outputs)
        {
            writer.WritePropertyName(name);
            write(writer);
        }

        writer.WriteEndObject();
    }
}
