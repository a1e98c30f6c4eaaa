namespace MLNetDeep.Serving.Dynamic;

using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Serving.Models;

/// <summary>
/// A prediction engine without user types, over ML.NET's row-to-row mapper (what ML.NET's <c>PredictionEngine</c> uses
/// inside): reads a row of column values in the model's saved input schema and writes the output columns (every visible
/// column whose name is not an input column and whose type has a JSON form) as a JSON object, plus a <c>warnings</c>
/// array when a value was written as null for a reason the client should know (see <see cref="OutputColumn"/>). Not
/// thread-safe.
/// </summary>
internal sealed class SchemaEngine : IDisposable
{
    /// <summary>The property that carries a row's warnings (another name if the model has an output column of that name).</summary>
    public const string WarningsProperty = "warnings";

    private readonly ValuesRow _input;
    private readonly DataViewRow _output;
    private readonly OutputColumn[] _columns;
    private readonly OutputColumn? _score;
    private readonly string _warnings;

    public SchemaEngine(ModelSnapshot model)
    {
        _input = new ValuesRow(model.InputSchema);
        IRowToRowMapper mapper = model.Transformer.GetRowToRowMapper(model.InputSchema);
        string[] answered = ModelAnswers.Of(model.Transformer, model.InputSchema).Outputs.Select(c => c.Name).ToArray();
        DataViewSchema.Column[] outputs = answered.Select(name => mapper.OutputSchema[name]).ToArray();
        _output = mapper.GetRow(_input, outputs);
        _columns = outputs.Select(c => OutputColumn.Create(_output, c)!).ToArray();
        _score = _columns.FirstOrDefault(c => c.Role == OutputColumn.Score);
        _warnings = WarningsPropertyFor(outputs.Select(c => c.Name));
    }

    /// <summary>The name of the warnings property for a model with these output columns.</summary>
    public static string WarningsPropertyFor(IEnumerable<string> outputNames) =>
        outputNames.Contains(WarningsProperty, StringComparer.Ordinal) ? "mlnetdeep." + WarningsProperty : WarningsProperty;

    /// <summary>Predicts one row (one slot per input schema column) and writes it as a JSON object.</summary>
    public void Predict(object?[] values, Utf8JsonWriter writer)
    {
        _input.Set(values);
        foreach (OutputColumn column in _columns)
        {
            column.Fetch();
        }

        bool scoreIsNaN = _score?.HasNaN ?? false;
        List<string>? warnings = null;
        writer.WriteStartObject();
        foreach (OutputColumn column in _columns)
        {
            writer.WritePropertyName(column.Name);
            column.Write(writer, ref warnings, scoreIsNaN);
        }

        if (warnings is not null)
        {
            writer.WritePropertyName(_warnings);
            writer.WriteStartArray();
            foreach (string warning in warnings)
            {
                writer.WriteStringValue(warning);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <inheritdoc/>
    public void Dispose() => _output.Dispose();
}
