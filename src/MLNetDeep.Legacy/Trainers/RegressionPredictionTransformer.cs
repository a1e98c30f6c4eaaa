namespace MLNetDeep.Legacy.Trainers;

using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Model;

/// <summary>Scores a regression model: adds <c>Score</c> (Single), as ML.NET's regression prediction transformer.</summary>
public sealed class RegressionPredictionTransformer : PredictionTransformerBase
{
    internal RegressionPredictionTransformer(FeedForwardModelParameters model, string featureColumnName)
        : base(model, featureColumnName)
    {
    }

    internal override string Kind => "RegressionPredictor";

    internal override RowMapper CreateMapper(DataViewSchema inputSchema) => new Mapper(this, inputSchema);

    internal static RegressionPredictionTransformer Load(ModelLoadContext context)
    {
        var (model, features) = LoadCommon(context);
        if (model.OutputCount != 1)
        {
            throw context.Error($"a regression model has one output; this one has {model.OutputCount}");
        }

        return new RegressionPredictionTransformer(model, features);
    }

    private sealed class Mapper(RegressionPredictionTransformer parent, DataViewSchema input) : ScoringMapper(parent, input)
    {
        private static readonly DataViewSchema.DetachedColumn[] Outputs = [new("Score", NumberDataViewType.Single)];

        public override IReadOnlyList<DataViewSchema.DetachedColumn> OutputColumns => Outputs;

        protected override Delegate?[] CreateOutputGetters(Action score, float[] raw, bool[] active) =>
            [active[0] ? new ValueGetter<float>((ref float v) => { score(); v = raw[0]; }) : null];
    }
}
