namespace MLNetDeep.Legacy.Trainers;

using System.Text.Json.Nodes;
using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Model;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Training;

/// <summary>
/// What the three prediction transformers share: the trained model, the feature column it reads, per-row scoring
/// through a private copy of the network (so cursors and prediction engines never share buffers), and saving.
/// </summary>
public abstract class PredictionTransformerBase : RowToRowTransformerBase
{
    private protected PredictionTransformerBase(FeedForwardModelParameters model, string featureColumnName)
    {
        Model = model;
        FeatureColumnName = featureColumnName;
    }

    /// <summary>The trained network and its training history.</summary>
    public FeedForwardModelParameters Model { get; }

    /// <summary>The feature column read when scoring.</summary>
    public string FeatureColumnName { get; }

    internal override void Save(ModelSaveContext context)
    {
        context.State["featureColumn"] = FeatureColumnName;
        context.State["loss"] = Model.LossName;
        context.State["network"] = NetworkSerializer.Save(Model.Network, context, "layer");
        context.State["bestEpoch"] = Model.BestEpoch;
        context.State["trainingSeconds"] = Model.TrainingSeconds;
        context.State["history"] = new JsonArray(Model.History.Select(r => (JsonNode)new JsonObject
        {
            ["epoch"] = r.Epoch,
            ["loss"] = Finite(r.Loss),
            ["metric"] = Finite(r.Metric),
            ["validationLoss"] = r.ValidationLoss is double vl ? Finite(vl) : null,
            ["validationMetric"] = r.ValidationMetric is double vm ? Finite(vm) : null,
            ["learningRate"] = r.LearningRate,
            ["seconds"] = r.Seconds,
        }).ToArray());
    }

    private static JsonNode? Finite(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    /// <summary>Reads what <see cref="Save"/> wrote that is common to every task.</summary>
    private protected static (FeedForwardModelParameters Model, string FeatureColumn) LoadCommon(ModelLoadContext context)
    {
        Network network = NetworkSerializer.Load(context.Object("network"), context, "layer");
        var history = new List<EpochRecord>();
        if (context.State["history"] is JsonArray h)
        {
            foreach (JsonObject r in h.OfType<JsonObject>())
            {
                double Num(string key) => r[key]?.GetValue<double>() ?? double.NaN;
                history.Add(new EpochRecord((int)Num("epoch"), Num("loss"), Num("metric"),
                    r["validationLoss"]?.GetValue<double>(), r["validationMetric"]?.GetValue<double>(), Num("learningRate"), Num("seconds")));
            }
        }

        var model = new FeedForwardModelParameters(network, history, context.Int("bestEpoch"), context.Double("trainingSeconds"), context.String("loss"));
        return (model, context.String("featureColumn"));
    }

    /// <summary>
    /// Scores rows: one at a time for a single row (<see cref="CreateGetters"/>, the prediction engine's path), in blocks
    /// for a cursor over a whole data view (<see cref="CreateBatchCursor"/>, <c>Transform</c>'s path). Both run a private
    /// copy of the network with <see cref="Network.BatchInvariant"/> set, so both give the same bits for a row.
    /// </summary>
    private protected abstract class ScoringMapper : RowMapper, IBatchRowMapper
    {
        private readonly DataViewSchema.Column _features;

        protected ScoringMapper(PredictionTransformerBase parent, DataViewSchema inputSchema)
            : base(inputSchema)
        {
            Parent = parent;
            int f = parent.Model.FeatureCount;
            DataViewSchema.Column features = inputSchema.GetColumnOrNull(parent.FeatureColumnName)
                ?? throw new ArgumentException($"The model reads the feature column '{parent.FeatureColumnName}', which the data does not have. Columns: {string.Join(", ", inputSchema.VisibleNames)}.");
            if (features.Type is not VectorDataViewType v || v.Size != f)
            {
                throw new ArgumentException($"The model's feature column '{parent.FeatureColumnName}' must be a vector of {f} Single values; found {features.Type}.");
            }

            _features = features;
        }

        protected PredictionTransformerBase Parent { get; }

        public override IEnumerable<DataViewSchema.Column> Dependencies(bool[] activeOutputs) => [_features];

        public override Delegate?[] CreateGetters(DataViewRow input, bool[] activeOutputs)
        {
            if (!activeOutputs.Any(a => a))
            {
                return new Delegate?[activeOutputs.Length];
            }

            Network network = NetworkSerializer.Clone(Parent.Model.Network);
            network.BatchInvariant = true;
            ValueGetter<float[]> getFeatures = input.GetGetter<float[]>(_features);
            float[] features = new float[network.InputSize];
            float[] output = new float[network.OutputSize];
            long cached = long.MinValue;
            void Score()
            {
                if (input.Position == cached)
                {
                    return;
                }

                getFeatures(ref features);
                network.Forward(features, 1, training: false).Span.CopyTo(output);
                cached = input.Position;
            }

            return CreateOutputGetters(Score, output, activeOutputs);
        }

        public DataViewRowCursor CreateBatchCursor(DataViewRowCursor input, DataViewSchema schema, bool[] active) =>
            new BlockScoringCursor(input, schema, active, InputSchema.Count, NetworkSerializer.Clone(Parent.Model.Network),
                input.Schema[_features.Index], CreateOutputGetters);

        /// <summary>Getters for the active outputs; each calls <paramref name="score"/> first, then reads <paramref name="rawOutput"/>.</summary>
        protected abstract Delegate?[] CreateOutputGetters(Action score, float[] rawOutput, bool[] activeOutputs);
    }
}
