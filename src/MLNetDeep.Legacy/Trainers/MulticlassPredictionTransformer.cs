namespace MLNetDeep.Legacy.Trainers;

using System.Numerics.Tensors;
using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Model;
using MLNetDeep.Neural.Losses;

/// <summary>
/// Scores a multiclass classifier: adds <c>Score</c> (a vector of Single, one probability per class, summing to 1) and
/// <c>PredictedLabel</c> (a key 1..K, the most probable class, carrying the label's key values so that
/// <c>MapKeyToValue</c> recovers the original label), as ML.NET's multiclass prediction transformer.
/// </summary>
public sealed class MulticlassPredictionTransformer : PredictionTransformerBase
{
    internal MulticlassPredictionTransformer(FeedForwardModelParameters model, string featureColumnName, KeyValues? labelKeyValues)
        : base(model, featureColumnName)
    {
        LabelKeyValues = labelKeyValues;
    }

    /// <summary>The values the label's keys stand for (from <c>MapValueToKey</c>), or null.</summary>
    public KeyValues? LabelKeyValues { get; }

    /// <summary>The number of classes.</summary>
    public int ClassCount => Model.OutputCount;

    internal override string Kind => "MulticlassPredictor";

    internal override RowMapper CreateMapper(DataViewSchema inputSchema) => new Mapper(this, inputSchema);

    internal override void Save(ModelSaveContext context)
    {
        base.Save(context);
        if (LabelKeyValues is not null)
        {
            context.State["labelKeyValues"] = SchemaJson.WriteKeyValues(LabelKeyValues);
        }
    }

    internal static MulticlassPredictionTransformer Load(ModelLoadContext context)
    {
        var (model, features) = LoadCommon(context);
        KeyValues? kv = context.State["labelKeyValues"] is System.Text.Json.Nodes.JsonObject o ? SchemaJson.ReadKeyValues(o, w => context.Error(w)) : null;
        if (kv is not null && kv.Count != model.OutputCount)
        {
            throw context.Error($"the label has {kv.Count} key values but the network {model.OutputCount} outputs");
        }

        return new MulticlassPredictionTransformer(model, features, kv);
    }

    private sealed class Mapper : ScoringMapper
    {
        private static readonly SoftmaxCrossEntropy Probabilities = new();
        private readonly DataViewSchema.DetachedColumn[] _outputs;

        public Mapper(MulticlassPredictionTransformer parent, DataViewSchema input)
            : base(parent, input)
        {
            int k = parent.ClassCount;
            _outputs =
            [
                new("Score", new VectorDataViewType(k)),
                new("PredictedLabel", new KeyDataViewType(k), parent.LabelKeyValues),
            ];
        }

        public override IReadOnlyList<DataViewSchema.DetachedColumn> OutputColumns => _outputs;

        protected override Delegate?[] CreateOutputGetters(Action score, float[] raw, bool[] active)
        {
            int k = raw.Length;
            return
            [
                active[0] ? new ValueGetter<float[]>((ref float[] v) =>
                {
                    score();
                    if (v is null || v.Length != k)
                    {
                        v = new float[k];
                    }

                    Probabilities.Activate(raw, v, 1, k);
                }) : null,
                active[1] ? new ValueGetter<uint>((ref uint v) => { score(); v = (uint)TensorPrimitives.IndexOfMax<float>(raw) + 1; }) : null,
            ];
        }
    }
}
