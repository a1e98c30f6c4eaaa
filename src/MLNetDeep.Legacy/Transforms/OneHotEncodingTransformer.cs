namespace MLNetDeep.Legacy.Transforms;

using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Model;

/// <summary>
/// Encodes a categorical column with learned categories (ML.NET's <c>OneHotEncodingTransformer</c>): an indicator
/// vector of Single (all zeros for a missing or unseen value) or the category's key.
/// </summary>
public sealed class OneHotEncodingTransformer : RowToRowTransformerBase
{
    private readonly KeyMap _map;

    internal OneHotEncodingTransformer(string outputColumnName, string inputColumnName, OneHotEncodingEstimator.OutputKind outputKind, KeyMap map)
    {
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        OutputKind = outputKind;
        _map = map;
        KeyValues = map.ToKeyValues();
    }

    /// <summary>The output column.</summary>
    public string OutputColumnName { get; }

    /// <summary>The input column.</summary>
    public string InputColumnName { get; }

    /// <summary>The encoding.</summary>
    public OneHotEncodingEstimator.OutputKind OutputKind { get; }

    /// <summary>The categories: slot (or key) k + 1 stands for <c>KeyValues.Values[k]</c>.</summary>
    public KeyValues KeyValues { get; }

    internal override string Kind => OneHotEncodingEstimator.Step;

    internal override RowMapper CreateMapper(DataViewSchema inputSchema)
    {
        bool indicator = OutputKind == OneHotEncodingEstimator.OutputKind.Indicator;
        DataViewSchema.DetachedColumn output = indicator
            ? new DataViewSchema.DetachedColumn(OutputColumnName, new VectorDataViewType(_map.Count))
            : new DataViewSchema.DetachedColumn(OutputColumnName, new KeyDataViewType(_map.Count), KeyValues);
        return new KeyLookupMapper(inputSchema, Kind, InputColumnName, _map, output, indicator);
    }

    internal override void Save(ModelSaveContext context)
    {
        context.State["output"] = OutputColumnName;
        context.State["input"] = InputColumnName;
        context.State["outputKind"] = OutputKind.ToString();
        context.State["values"] = SchemaJson.WriteKeyValues(KeyValues);
    }

    internal static OneHotEncodingTransformer Load(ModelLoadContext context)
    {
        string kindText = context.String("outputKind");
        if (!Enum.TryParse(kindText, out OneHotEncodingEstimator.OutputKind kind) || !Enum.IsDefined(kind))
        {
            throw context.Error($"the field 'outputKind' has an unknown value '{kindText}'");
        }

        return new OneHotEncodingTransformer(context.String("output"), context.String("input"), kind, ValueToKeyMappingTransformer.LoadMap(context));
    }
}
