namespace MLNetDeep.Scoring;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Onnx;

/// <summary>
/// Builds a fitted feed-forward model out of ML.NET's own transformers: <c>OnnxTransformer</c> over the exported
/// network, then the stateless output mappings (and, for multiclass, a <c>ValueMapping</c> from the class index to a
/// key with the label's key values, and <c>DropColumns</c> for the index). Every step is one ML.NET saves and loads
/// itself, so <c>mlContext.Model.Save/Load</c> treat the model like any other.
/// </summary>
/// <remarks>
/// The <c>OnnxTransformer</c> is made over a private ONNX file, saved to memory and loaded back: the loaded one owns its
/// copy of the file (ML.NET deletes it when the model is disposed) and the private file is deleted at once. ML.NET's
/// <c>ApplyOnnxModel(Stream)</c> is not used: it copies the model into a temporary file it never deletes.
/// </remarks>
internal static class ScoringChain
{
    public static TransformerChain<ITransformer> Build(byte[] onnx, FeedForwardTask task, string featureColumn, DataViewSchema.Column? label, DataViewSchema inputSchema)
    {
        var ml = new MLContext(seed: 0) { TempFilePath = ModelTempFolder.Path };
        IDataView schemaOnly = new EmptyDataView(inputSchema);
        var steps = new List<ITransformer> { LoadOnnxTransformer(ml, onnx, task, featureColumn, schemaOnly) };
        IDataView view = steps[0].Transform(schemaOnly);
        switch (task)
        {
            case FeedForwardTask.BinaryClassification:
                Add(steps, OutputMappings.Binary(ml), view);
                break;
            case FeedForwardTask.Regression:
                Add(steps, OutputMappings.Regression(ml), view);
                break;
            default:
                view = Add(steps, OutputMappings.Multiclass(ml), view);
                IDataView lookup = ClassLookup.Create(ml, label ?? throw new ArgumentNullException(nameof(label)), ClassLookup.NextScoreSetId(inputSchema));
                view = Add(steps, ml.Transforms.Conversion.MapValue("PredictedLabel", lookup,
                    lookup.Schema[ClassLookup.IndexColumn], lookup.Schema[ClassLookup.KeyColumn], OutputMappings.PredictedIndexColumn), view);
                Add(steps, ml.Transforms.DropColumns(OutputMappings.PredictedIndexColumn), view);
                break;
        }

        return new TransformerChain<ITransformer>(steps.ToArray());
    }

    /// <summary>
    /// The network's <c>OnnxTransformer</c>, made over a private file, saved alone to memory and loaded back, so that it
    /// owns its temporary copy of the graph as a loaded model's does (ML.NET deletes it when the model is disposed). Only
    /// this step makes the round trip: saving an input schema or a value map would go through ML.NET's BinarySaver,
    /// which waits on thread-pool work and so can stall a caller on a saturated pool.
    /// </summary>
    private static ITransformer LoadOnnxTransformer(MLContext ml, byte[] onnx, FeedForwardTask task, string featureColumn, IDataView schemaOnly)
    {
        string file = Path.Combine(ModelTempFolder.Path, $"fit-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(file, onnx);
        try
        {
            string[] outputs = task == FeedForwardTask.BinaryClassification
                ? [OnnxContract.ScoreOutput, OnnxContract.ProbabilityOutput]
                : [OnnxContract.ScoreOutput];
            using var bytes = new MemoryStream();
            using (var built = (IDisposable)ml.Transforms.ApplyOnnxModel(outputs, [featureColumn], file).Fit(schemaOnly))
            {
                ml.Model.Save((ITransformer)built, null, bytes);
            }

            return OnnxLoadRetry.Run(() =>
            {
                bytes.Position = 0;
                return ml.Model.Load(bytes, out _);
            });
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static IDataView Add(List<ITransformer> steps, IEstimator<ITransformer> estimator, IDataView input)
    {
        ITransformer transformer = estimator.Fit(input);
        steps.Add(transformer);
        return transformer.Transform(input);
    }

    /// <summary>A data view with a schema and no rows: fitting the chain's steps reads only the schema.</summary>
    private sealed class EmptyDataView(DataViewSchema schema) : IDataView
    {
        public bool CanShuffle => true;

        public DataViewSchema Schema { get; } = schema;

        public long? GetRowCount() => 0;

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(Schema);

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(Schema)];

        private sealed class Cursor(DataViewSchema schema) : DataViewRowCursor
        {
            public override DataViewSchema Schema { get; } = schema;

            public override long Position => -1;

            public override long Batch => 0;

            public override bool MoveNext() => false;

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
                (ref TValue value) => throw new InvalidOperationException("The cursor has no rows.");

            public override ValueGetter<DataViewRowId> GetIdGetter() =>
                (ref DataViewRowId value) => throw new InvalidOperationException("The cursor has no rows.");

            public override bool IsColumnActive(DataViewSchema.Column column) => true;
        }
    }
}
