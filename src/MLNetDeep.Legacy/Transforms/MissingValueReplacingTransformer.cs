namespace MLNetDeep.Legacy.Transforms;

using System.Text.Json.Nodes;
using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Model;

/// <summary>
/// Replaces missing values (NaN) with learned values, per slot for vectors when imputing by slot (ML.NET's
/// <c>MissingValueReplacingTransformer</c>). The output has the input's type; other values pass unchanged.
/// </summary>
public sealed class MissingValueReplacingTransformer : RowToRowTransformerBase
{
    private readonly double[] _replacement;
    private readonly DataViewType _inputType;

    internal MissingValueReplacingTransformer(string outputColumnName, string inputColumnName, MissingValueReplacingEstimator.ReplacementMode mode, bool imputeBySlot, DataViewType inputType, double[] replacement)
    {
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        Mode = mode;
        ImputeBySlot = imputeBySlot;
        _inputType = inputType;
        _replacement = replacement;
    }

    /// <summary>The output column.</summary>
    public string OutputColumnName { get; }

    /// <summary>The input column.</summary>
    public string InputColumnName { get; }

    /// <summary>How the replacements were learned.</summary>
    public MissingValueReplacingEstimator.ReplacementMode Mode { get; }

    /// <summary>Whether each slot of a vector has its own replacement (otherwise one value serves all slots).</summary>
    public bool ImputeBySlot { get; }

    /// <summary>The replacement values: one per slot, or one for all.</summary>
    public IReadOnlyList<double> ReplacementValues => _replacement;

    internal override string Kind => MissingValueReplacingEstimator.Step;

    internal static DataViewSchema.Column CheckInput(DataViewSchema schema, string name)
    {
        DataViewSchema.Column c = ColumnChecks.Find(schema, MissingValueReplacingEstimator.Step, name);
        if (c.Type != NumberDataViewType.Single && c.Type != NumberDataViewType.Double && c.Type is not VectorDataViewType { IsKnownSize: true })
        {
            throw ColumnChecks.WrongType(MissingValueReplacingEstimator.Step, name, MissingValueReplacingEstimator.ExpectedType, c.Type);
        }

        return c;
    }

    internal override RowMapper CreateMapper(DataViewSchema inputSchema) => new Mapper(this, inputSchema);

    internal override void Save(ModelSaveContext context)
    {
        context.State["output"] = OutputColumnName;
        context.State["input"] = InputColumnName;
        context.State["mode"] = Mode.ToString();
        context.State["imputeBySlot"] = ImputeBySlot;
        SchemaJson.WriteType(context.State, _inputType);
        if (_inputType == NumberDataViewType.Double)
        {
            // A double keeps its precision in JSON; Single and vector replacements are float32 tensors.
            context.State["replacement"] = _replacement[0];
        }
        else
        {
            context.AddTensor("replacement", _replacement.Select(x => (float)x).ToArray());
        }
    }

    internal static MissingValueReplacingTransformer Load(ModelLoadContext context)
    {
        string modeText = context.String("mode");
        if (!Enum.TryParse(modeText, out MissingValueReplacingEstimator.ReplacementMode mode) || !Enum.IsDefined(mode))
        {
            throw context.Error($"the field 'mode' has an unknown value '{modeText}'");
        }

        bool bySlot = context.Bool("imputeBySlot");
        DataViewType type = SchemaJson.ReadType(context.State, context.Error);
        int slots = bySlot && type is VectorDataViewType v ? v.Size : 1;
        double[] replacement = type == NumberDataViewType.Double
            ? [context.Double("replacement")]
            : context.Tensor("replacement", slots).Select(x => (double)x).ToArray();
        return new MissingValueReplacingTransformer(context.String("output"), context.String("input"), mode, bySlot, type, replacement);
    }

    private sealed class Mapper : RowMapper
    {
        private readonly MissingValueReplacingTransformer _parent;
        private readonly DataViewSchema.Column _input;
        private readonly DataViewSchema.DetachedColumn[] _outputs;

        public Mapper(MissingValueReplacingTransformer parent, DataViewSchema inputSchema)
            : base(inputSchema)
        {
            _parent = parent;
            _input = CheckInput(inputSchema, parent.InputColumnName);
            if (_input.Type != parent._inputType)
            {
                throw ColumnChecks.WrongType(MissingValueReplacingEstimator.Step, parent.InputColumnName, $"{parent._inputType} (the type it was fitted on)", _input.Type);
            }

            _outputs = [new DataViewSchema.DetachedColumn(parent.OutputColumnName, parent._inputType)];
        }

        public override IReadOnlyList<DataViewSchema.DetachedColumn> OutputColumns => _outputs;

        public override IEnumerable<DataViewSchema.Column> Dependencies(bool[] activeOutputs) => [_input];

        public override Delegate?[] CreateGetters(DataViewRow input, bool[] activeOutputs)
        {
            if (!activeOutputs[0])
            {
                return [null];
            }

            if (_input.Type == NumberDataViewType.Double)
            {
                ValueGetter<double> src = input.GetGetter<double>(_input);
                double r = _parent._replacement[0];
                return [new ValueGetter<double>((ref double value) => { src(ref value); if (double.IsNaN(value)) { value = r; } })];
            }

            float[] replacement = _parent._replacement.Select(x => (float)x).ToArray();
            if (_input.Type is VectorDataViewType vt)
            {
                bool bySlot = replacement.Length > 1;
                return
                [
                    SlotMapping.Vector(input, _input, vt.Size, MissingValueReplacingEstimator.Step, (src, dst) =>
                    {
                        for (int j = 0; j < src.Length; j++)
                        {
                            float x = src[j];
                            dst[j] = float.IsNaN(x) ? replacement[bySlot ? j : 0] : x;
                        }
                    }),
                ];
            }

            ValueGetter<float> scalar = input.GetGetter<float>(_input);
            float rs = replacement[0];
            return [new ValueGetter<float>((ref float value) => { scalar(ref value); if (float.IsNaN(value)) { value = rs; } })];
        }
    }
}
