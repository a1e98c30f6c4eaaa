namespace MLNetDeep.Legacy.Transforms;

using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Model;

/// <summary>
/// Rescales a Single (or known-size vector of Single) column slot by slot with what a <see cref="NormalizingEstimator"/>
/// learned (ML.NET's <c>NormalizingTransformer</c>). The output has the input's type.
/// </summary>
/// <remarks>
/// Affine modes compute <c>(x - offset) * scale</c> per slot; with <c>useCdf</c>, mean-variance computes the normal
/// CDF <c>0.5 * (1 + erf((x - mean) / (stddev * sqrt 2)))</c> with ML.NET's approximation of erf (|error| &lt; 2e-4).
/// A missing value (NaN) stays NaN in every mode (ML.NET's CDF mode returns 0 for it instead).
/// </remarks>
public sealed class NormalizingTransformer : RowToRowTransformerBase
{
    private readonly NormalizerMode _mode;
    private readonly float[] _scale;
    private readonly float[] _offset;
    private readonly DataViewType _inputType;

    internal NormalizingTransformer(NormalizerMode mode, string outputColumnName, string inputColumnName, bool fixZero, bool useCdf, DataViewType inputType, float[] scale, float[] offset)
    {
        _mode = mode;
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        FixZero = fixZero;
        UseCdf = useCdf;
        _inputType = inputType;
        _scale = scale;
        _offset = offset;
    }

    /// <summary>The output column.</summary>
    public string OutputColumnName { get; }

    /// <summary>The input column.</summary>
    public string InputColumnName { get; }

    /// <summary>Whether zero was kept at zero (no offset).</summary>
    public bool FixZero { get; }

    /// <summary>Whether the output is the normal CDF (mean-variance only).</summary>
    public bool UseCdf { get; }

    /// <summary>Per slot: the multiplier of the affine modes, or 1/stddev for the CDF (0 for a constant slot).</summary>
    public IReadOnlyList<float> Scale => _scale;

    /// <summary>Per slot: what is subtracted before scaling (0 with <see cref="FixZero"/>), or the mean for the CDF.</summary>
    public IReadOnlyList<float> Offset => _offset;

    internal override string Kind => NormalizingEstimator.Step(_mode);

    internal static DataViewSchema.Column CheckInput(DataViewSchema schema, string step, string name)
    {
        DataViewSchema.Column c = ColumnChecks.Find(schema, step, name);
        if (c.Type != NumberDataViewType.Single && c.Type is not VectorDataViewType { IsKnownSize: true })
        {
            throw ColumnChecks.WrongType(step, name, NormalizingEstimator.ExpectedType, c.Type);
        }

        return c;
    }

    internal override RowMapper CreateMapper(DataViewSchema inputSchema) => new Mapper(this, inputSchema);

    internal override void Save(ModelSaveContext context)
    {
        context.State["output"] = OutputColumnName;
        context.State["input"] = InputColumnName;
        context.State["mode"] = _mode.ToString();
        context.State["fixZero"] = FixZero;
        context.State["useCdf"] = UseCdf;
        SchemaJson.WriteType(context.State, _inputType);
        context.AddTensor("scale", _scale);
        context.AddTensor("offset", _offset);
    }

    internal static NormalizingTransformer Load(ModelLoadContext context)
    {
        string modeText = context.String("mode");
        if (!Enum.TryParse(modeText, out NormalizerMode mode))
        {
            throw context.Error($"the field 'mode' has an unknown value '{modeText}'");
        }

        DataViewType type = SchemaJson.ReadType(context.State, context.Error);
        int size = type is VectorDataViewType v ? v.Size : 1;
        return new NormalizingTransformer(
            mode,
            context.String("output"),
            context.String("input"),
            context.Bool("fixZero"),
            context.Bool("useCdf"),
            type,
            context.Tensor("scale", size),
            context.Tensor("offset", size));
    }

    /// <summary>ML.NET's normal CDF: erf by the approximation with a = 0.147, in double.</summary>
    internal static float Cdf(float x, float mean, float inverseStdDev)
    {
        double z = (x - (double)mean) * inverseStdDev;
        double z2 = z * z / 2;
        const double a = 0.147;
        double az2 = a * z2;
        return (float)(0.5 + (0.5 * Math.Sign(z) * Math.Sqrt(1 - Math.Exp(-z2 * ((4 / Math.PI) + az2) / (1 + az2)))));
    }

    private sealed class Mapper : RowMapper
    {
        private readonly NormalizingTransformer _parent;
        private readonly DataViewSchema.Column _input;
        private readonly DataViewSchema.DetachedColumn[] _outputs;

        public Mapper(NormalizingTransformer parent, DataViewSchema inputSchema)
            : base(inputSchema)
        {
            _parent = parent;
            string step = parent.Kind;
            _input = CheckInput(inputSchema, step, parent.InputColumnName);
            if (_input.Type != parent._inputType)
            {
                throw ColumnChecks.WrongType(step, parent.InputColumnName, $"{parent._inputType} (the type it was fitted on)", _input.Type);
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

            float[] scale = _parent._scale;
            float[] offset = _parent._offset;
            bool cdf = _parent.UseCdf;
            if (_input.Type is VectorDataViewType)
            {
                return
                [
                    SlotMapping.Vector(input, _input, scale.Length, _parent.Kind, (src, dst) =>
                    {
                        for (int j = 0; j < src.Length; j++)
                        {
                            dst[j] = Apply(src[j], j);
                        }
                    }),
                ];
            }

            ValueGetter<float> scalar = input.GetGetter<float>(_input);
            return
            [
                new ValueGetter<float>((ref float value) =>
                {
                    float x = 0;
                    scalar(ref x);
                    value = Apply(x, 0);
                }),
            ];

            float Apply(float x, int j) =>
                float.IsNaN(x) ? float.NaN
                : cdf ? Cdf(x, offset[j], scale[j])
                : (x - offset[j]) * scale[j];
        }
    }
}
