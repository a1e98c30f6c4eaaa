namespace MLNetDeep.Scoring;

using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// The output columns a fitted feed-forward model adds, as <see cref="SchemaShape"/> columns for
/// <c>IEstimator.GetOutputSchema</c>. ML.NET keeps <see cref="SchemaShape.Column"/>'s constructor internal, so the shapes
/// come from stock estimators' own schema propagation: a row-less <c>CustomMapping</c> whose output type has the
/// trainer's columns, and (multiclass) <c>CopyColumns</c> of the label, whose key type and key values
/// <c>PredictedLabel</c> carries. No model file is touched.
/// </summary>
internal static class OutputShapes
{
    private static readonly MLContext Context = new(seed: 0);

    public static SchemaShape Add(SchemaShape input, FeedForwardTask task, string labelColumn) => task switch
    {
        FeedForwardTask.BinaryClassification => Context.Transforms.CustomMapping<NoInput, OutputMappings.BinaryOutput>(Nothing, null).GetOutputSchema(input),
        FeedForwardTask.Regression => Context.Transforms.CustomMapping<NoInput, OutputMappings.RegressionOutput>(Nothing, null).GetOutputSchema(input),
        _ => Context.Transforms.CustomMapping<NoInput, MulticlassScore>(Nothing, null, null, MulticlassDefinition())
            .Append(Context.Transforms.CopyColumns("PredictedLabel", labelColumn))
            .GetOutputSchema(input),
    };

    private static void Nothing<TOutput>(NoInput input, TOutput output)
    {
    }

    /// <summary>The multiclass <c>Score</c>: a known-size vector of Single with slot names (the class names).</summary>
    private static SchemaDefinition MulticlassDefinition()
    {
        SchemaDefinition definition = SchemaDefinition.Create(typeof(MulticlassScore));
        var names = new VBuffer<ReadOnlyMemory<char>>(1, ["0".AsMemory()]);
        definition[nameof(MulticlassScore.Score)].AddAnnotation(ClassLookup.AnnotationKinds.SlotNames, names, new VectorDataViewType(TextDataViewType.Instance, 1));
        return definition;
    }

    private sealed class NoInput
    {
    }

    private sealed class MulticlassScore
    {
        [VectorType(1)]
        public float[] Score = [];
    }
}
