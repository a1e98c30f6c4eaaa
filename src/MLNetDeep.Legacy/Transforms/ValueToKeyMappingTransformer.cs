namespace MLNetDeep.Legacy.Transforms;

using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Model;

/// <summary>
/// Maps values to keys 1..Count with a learned dictionary (ML.NET's <c>ValueToKeyMappingTransformer</c>). The output
/// is a <see cref="KeyDataViewType"/> whose <see cref="DataViewSchema.Column.KeyValues"/> hold the original values
/// (or their text). Missing values (NaN, empty text) and values not seen when fitting map to key 0 (missing).
/// </summary>
public sealed class ValueToKeyMappingTransformer : RowToRowTransformerBase
{
    private readonly KeyMap _map;

    internal ValueToKeyMappingTransformer(string outputColumnName, string inputColumnName, KeyMap map, bool addKeyValueAnnotationsAsText)
    {
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        _map = map;
        KeyValueAnnotationsAsText = addKeyValueAnnotationsAsText;
        KeyValues = map.ToKeyValues(addKeyValueAnnotationsAsText);
    }

    /// <summary>The output (key) column.</summary>
    public string OutputColumnName { get; }

    /// <summary>The input column.</summary>
    public string InputColumnName { get; }

    /// <summary>Whether the output's key values are text rather than the input's type.</summary>
    public bool KeyValueAnnotationsAsText { get; }

    /// <summary>The values the keys stand for: key k is <c>KeyValues.Values[k - 1]</c>.</summary>
    public KeyValues KeyValues { get; }

    internal override string Kind => ValueToKeyMappingEstimator.Step;

    internal override RowMapper CreateMapper(DataViewSchema inputSchema) =>
        new KeyLookupMapper(inputSchema, Kind, InputColumnName, _map, new DataViewSchema.DetachedColumn(OutputColumnName, new KeyDataViewType(_map.Count), KeyValues), indicator: false);

    internal override void Save(ModelSaveContext context)
    {
        context.State["output"] = OutputColumnName;
        context.State["input"] = InputColumnName;
        context.State["asText"] = KeyValueAnnotationsAsText;
        context.State["values"] = SchemaJson.WriteKeyValues(_map.ToKeyValues());
    }

    internal static ValueToKeyMappingTransformer Load(ModelLoadContext context) =>
        new(context.String("output"), context.String("input"), LoadMap(context), context.Bool("asText"));

    internal static KeyMap LoadMap(ModelLoadContext context)
    {
        KeyValues kv = SchemaJson.ReadKeyValues(context.Object("values"), context.Error);
        try
        {
            return KeyMap.FromKeyValues(kv);
        }
        catch (ArgumentException e)
        {
            throw context.Error($"the field 'values' is invalid: {e.Message}");
        }
    }
}
