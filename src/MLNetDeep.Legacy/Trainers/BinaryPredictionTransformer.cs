namespace MLNetDeep.Legacy.Trainers;

using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Model;

/// <summary>
/// Scores a binary classifier: adds <c>Score</c> (Single, the logit), <c>Probability</c> (Single, sigmoid of the score)
/// and <c>PredictedLabel</c> (Boolean, Score &gt; 0), as ML.NET's binary prediction transformer.
/// </summary>
public sealed class BinaryPredictionTransformer : PredictionTransformerBase
{
    internal BinaryPredictionTransformer(FeedForwardModelParameters model, string featureColumnName)
        : base(model, featureColumnName)
    {
    }

    internal override string Kind => "BinaryPredictor";

    internal override RowMapper CreateMapper(DataViewSchema inputSchema) => new Mapper(this, inputSchema);

    internal static BinaryPredictionTransformer Load(ModelLoadContext context)
    {
        var (model, features) = LoadCommon(context);
        if (model.OutputCount != 1)
        {
            throw context.Error($"a binary model has one output; this one has {model.OutputCount}");
        }

        return new BinaryPredictionTransformer(model, features);
    }

    private sealed class Mapper(BinaryPredictionTransformer parent, DataViewSchema input) : ScoringMapper(parent, input)
    {
        private static readonly DataViewSchema.DetachedColumn[] Outputs =
        [
            new("Score", NumberDataViewType.Single),
            new("Probability", NumberDataViewType.Single),
            new("PredictedLabel", BooleanDataViewType.Instance),
        ];

        public override IReadOnlyList<DataViewSchema.DetachedColumn> OutputColumns => Outputs;

        protected override Delegate?[] CreateOutputGetters(Action score, float[] raw, bool[] active) =>
        [
            active[0] ? new ValueGetter<float>((ref float v) => { score(); v = raw[0]; }) : null,
            active[1] ? new ValueGetter<float>((ref float v) => { score(); v = 1f / (1f + MathF.Exp(-raw[0])); }) : null,
            active[2] ? new ValueGetter<bool>((ref bool v) => { score(); v = raw[0] > 0f; }) : null,
        ];
    }
}
