namespace MLNetDeep.Tests.Trainers;

using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// Captures the <see cref="SchemaShape"/> ML.NET's schema propagation hands an estimator (ML.NET keeps
/// <c>SchemaShape.Create</c> internal; an <c>EstimatorChain</c> calls it before fitting). It passes shapes and data
/// through unchanged.
/// </summary>
internal sealed class ShapeProbe : IEstimator<ITransformer>
{
    public SchemaShape? Seen { get; private set; }

    /// <summary>The shape ML.NET derives from <paramref name="schema"/> (by fitting a chain holding only a probe).</summary>
    public static SchemaShape Of(DataViewSchema schema)
    {
        var probe = new ShapeProbe();
        new EstimatorChain<ITransformer>().Append(probe).Fit(new SchemaOnlyView(schema));
        return probe.Seen!;
    }

    public ITransformer Fit(IDataView input) => new PassThrough();

    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        Seen = inputSchema;
        return inputSchema;
    }

    private sealed class PassThrough : ITransformer
    {
        public bool IsRowToRowMapper => false;

        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => inputSchema;

        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => throw new NotSupportedException();

        public void Save(ModelSaveContext ctx) => throw new NotSupportedException("A test probe is not saved.");

        public IDataView Transform(IDataView input) => input;
    }

    private sealed class SchemaOnlyView(DataViewSchema schema) : IDataView
    {
        public bool CanShuffle => false;

        public DataViewSchema Schema { get; } = schema;

        public long? GetRowCount() => 0;

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => throw new NotSupportedException();

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => throw new NotSupportedException();
    }
}
