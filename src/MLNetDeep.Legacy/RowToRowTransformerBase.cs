namespace MLNetDeep.Legacy;

using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Model;

/// <summary>
/// The shared plumbing of fitted steps that add columns computed from each row alone (normalizers, key mappings,
/// one-hot encoding, scorers): lazy <see cref="Transform"/>, schema checks, and saving into model files.
/// The set of such steps is closed: model files only ever build the kinds this library defines.
/// </summary>
public abstract class RowToRowTransformerBase : ITransformer, IStepTransformer
{
    private protected RowToRowTransformerBase()
    {
    }

    /// <inheritdoc/>
    public bool IsRowToRowMapper => true;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return CreateMapper(inputSchema).OutputSchema();
    }

    /// <inheritdoc/>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new MappedDataView(input, CreateMapper(input.Schema));
    }

    /// <summary>The model-file kind of this step (e.g. <c>NormalizeMeanVariance</c>).</summary>
    internal abstract string Kind { get; }

    string IStepTransformer.Kind => Kind;

    void IStepTransformer.Save(ModelSaveContext context) => Save(context);

    DataViewRow IStepTransformer.MapRow(DataViewRow input)
    {
        RowMapper mapper = CreateMapper(input.Schema);
        DataViewSchema schema = mapper.OutputSchema();
        return new MappedRow(input, mapper, schema, Enumerable.Repeat(true, schema.Count).ToArray());
    }

    /// <summary>Builds the mapper for an input schema, checking that the columns it reads exist with the right types.</summary>
    internal abstract RowMapper CreateMapper(DataViewSchema inputSchema);

    /// <summary>Writes the step's options and fitted state.</summary>
    internal abstract void Save(ModelSaveContext context);
}
