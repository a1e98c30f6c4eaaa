namespace MLNetDeep.Scoring;

using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

/// <summary>
/// The stateless <c>CustomMapping</c> steps that turn the ONNX graph's outputs (ML.NET maps every ONNX output to a
/// vector column) into ML.NET's standard trainer output columns. ML.NET saves only each step's contract name and finds
/// the factory in this assembly when a model is loaded, so the contract names below are a permanent compatibility
/// contract: never change what a published name computes; add a new version instead.
/// </summary>
internal static class OutputMappings
{
    /// <summary>Binary: <c>Score</c> (the logit), <c>Probability</c> (its sigmoid), <c>PredictedLabel</c> = Score &gt; 0.</summary>
    public const string BinaryContract = "MLNetDeep.FeedForward.BinaryOutputs.v1";

    /// <summary>Regression: <c>Score</c>, the predicted label (already in the label's units).</summary>
    public const string RegressionContract = "MLNetDeep.FeedForward.RegressionOutputs.v1";

    /// <summary>Multiclass: the 0-based index of the highest probability, or <see cref="NoClass"/> when a score is NaN.</summary>
    public const string MulticlassContract = "MLNetDeep.FeedForward.MulticlassIndex.v1";

    /// <summary>The intermediate column holding the multiclass index; mapped to the <c>PredictedLabel</c> key and dropped.</summary>
    public const string PredictedIndexColumn = "MLNetDeep.PredictedIndex";

    /// <summary>The index written when no class can be chosen (a NaN score): it maps to the missing key, 0.</summary>
    public const uint NoClass = uint.MaxValue;

    public static IEstimator<ITransformer> Binary(MLContext ml) => ml.Transforms.CustomMapping<BinaryInput, BinaryOutput>(BinaryFactory.Map, BinaryContract);

    public static IEstimator<ITransformer> Regression(MLContext ml) => ml.Transforms.CustomMapping<RegressionInput, RegressionOutput>(RegressionFactory.Map, RegressionContract);

    public static IEstimator<ITransformer> Multiclass(MLContext ml) => ml.Transforms.CustomMapping<MulticlassInput, MulticlassOutput>(MulticlassFactory.Map, MulticlassContract);

    /// <summary>True for one of these output mappings, fitted or loaded (a step of a feed-forward network's chain).</summary>
    public static bool IsOutputMapping(ITransformer step) =>
        step is CustomMappingTransformer<BinaryInput, BinaryOutput> or CustomMappingTransformer<RegressionInput, RegressionOutput>
            or CustomMappingTransformer<MulticlassInput, MulticlassOutput>;

    internal sealed class BinaryInput
    {
        [VectorType(1)]
        public float[] Score = [];

        [VectorType(1)]
        public float[] Probability = [];
    }

    internal sealed class BinaryOutput
    {
        public float Score;

        public float Probability;

        public bool PredictedLabel;
    }

    [CustomMappingFactoryAttribute(BinaryContract)]
    internal sealed class BinaryFactory : CustomMappingFactory<BinaryInput, BinaryOutput>
    {
        public static void Map(BinaryInput input, BinaryOutput output)
        {
            float score = input.Score[0];
            output.Score = score;
            output.Probability = input.Probability[0];
            output.PredictedLabel = score > 0f; // ML.NET's threshold on the score; a NaN score gives false (documented)
        }

        public override Action<BinaryInput, BinaryOutput> GetMapping() => Map;
    }

    internal sealed class RegressionInput
    {
        [VectorType(1)]
        public float[] Score = [];
    }

    internal sealed class RegressionOutput
    {
        public float Score;
    }

    [CustomMappingFactoryAttribute(RegressionContract)]
    internal sealed class RegressionFactory : CustomMappingFactory<RegressionInput, RegressionOutput>
    {
        public static void Map(RegressionInput input, RegressionOutput output) => output.Score = input.Score[0];

        public override Action<RegressionInput, RegressionOutput> GetMapping() => Map;
    }

    internal sealed class MulticlassInput
    {
        [VectorType]
        public float[] Score = [];
    }

    internal sealed class MulticlassOutput
    {
        [ColumnName(PredictedIndexColumn)]
        public uint PredictedIndex;
    }

    [CustomMappingFactoryAttribute(MulticlassContract)]
    internal sealed class MulticlassFactory : CustomMappingFactory<MulticlassInput, MulticlassOutput>
    {
        public static void Map(MulticlassInput input, MulticlassOutput output)
        {
            float[] scores = input.Score;
            uint best = NoClass;
            float bestScore = float.NegativeInfinity;
            for (int k = 0; k < scores.Length; k++)
            {
                float s = scores[k];
                if (float.IsNaN(s))
                {
                    best = NoClass;
                    break;
                }

                if (best == NoClass || s > bestScore)
                {
                    best = (uint)k;
                    bestScore = s;
                }
            }

            output.PredictedIndex = best;
        }

        public override Action<MulticlassInput, MulticlassOutput> GetMapping() => Map;
    }
}
