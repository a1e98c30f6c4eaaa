namespace MLNetDeep.Scoring;

using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// The output columns a fitted feed-forward model adds, as <see cref="SchemaShape"/> columns for
/// <c>IEstimator.GetOutputSchema</c>. ML.NET keeps <see cref="SchemaShape.Column"/>'s constructor internal, so the shapes
/// come from a stock estimator's own schema propagation: a row-less <c>CustomMapping</c> whose output type has the
/// trainer's columns, with the annotations the fitted columns carry (multiclass: <c>Score</c>'s slot names;
/// <c>PredictedLabel</c>'s key values, typed as the label's, and its score annotations). No model file is touched.
/// </summary>
internal static class OutputShapes
{
    private static readonly MLContext Context = new(seed: 0);

    public static SchemaShape Add(SchemaShape input, FeedForwardTask task, string labelColumn) => task switch
    {
        FeedForwardTask.BinaryClassification => Context.Transforms.CustomMapping<NoInput, OutputMappings.BinaryOutput>(Nothing, null).GetOutputSchema(input),
        FeedForwardTask.Regression => Context.Transforms.CustomMapping<NoInput, OutputMappings.RegressionOutput>(Nothing, null).GetOutputSchema(input),
        _ => Context.Transforms.CustomMapping<NoInput, MulticlassOutput>(Nothing, null, null, MulticlassDefinition(input, labelColumn)).GetOutputSchema(input),
    };

    private static void Nothing<TOutput>(NoInput input, TOutput output)
    {
    }

    /// <summary>
    /// The multiclass <c>Score</c>, a known-size vector of Single with slot names (the class names), and
    /// <c>PredictedLabel</c>, a key with the label's key values (when it has them) and the score annotations.
    /// </summary>
    private static SchemaDefinition MulticlassDefinition(SchemaShape input, string labelColumn)
    {
        SchemaDefinition definition = SchemaDefinition.Create(typeof(MulticlassOutput));
        var names = new VBuffer<ReadOnlyMemory<char>>(1, ["0".AsMemory()]);
        definition[nameof(MulticlassOutput.Score)].AddAnnotation(ClassLookup.AnnotationKinds.SlotNames, names, new VectorDataViewType(TextDataViewType.Instance, 1));
        SchemaDefinition.Column predicted = definition[nameof(MulticlassOutput.PredictedLabel)];
        predicted.ColumnType = new KeyDataViewType(typeof(uint), 1);
        foreach (SchemaShape.Column values in input.Where(c => c.Name == labelColumn).SelectMany(c => c.Annotations).Where(a => a.Name == ClassLookup.AnnotationKinds.KeyValues))
        {
            Type buffer = typeof(VBuffer<>).MakeGenericType(values.ItemType.RawType); // only the type is read
            typeof(SchemaDefinition.Column).GetMethod(nameof(SchemaDefinition.Column.AddAnnotation))!.MakeGenericMethod(buffer).Invoke(predicted,
                [ClassLookup.AnnotationKinds.KeyValues, Activator.CreateInstance(buffer), new VectorDataViewType((PrimitiveDataViewType)values.ItemType, 1)]);
        }

        ClassLookup.AddPredictedLabelAnnotations(predicted, 1); // a shape holds only the annotation's type
        return definition;
    }

    private sealed class NoInput
    {
    }

    private sealed class MulticlassOutput
    {
        [VectorType(1)]
        public float[] Score = [];

        public uint PredictedLabel { get; set; }
    }
}
