namespace MLNetDeep.Legacy.Transforms;

using System.Text.Json.Nodes;
using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Model;

/// <summary>Writes the concatenation of numeric input columns into a vector of Single.</summary>
public sealed class ColumnConcatenatingTransformer : RowToRowTransformerBase
{
    internal ColumnConcatenatingTransformer(string outputColumnName, string[] inputColumnNames)
    {
        OutputColumnName = outputColumnName;
        InputColumnNames = inputColumnNames;
    }

    /// <summary>The output column.</summary>
    public string OutputColumnName { get; }

    /// <summary>The input columns, in order.</summary>
    public IReadOnlyList<string> InputColumnNames { get; }

    internal override string Kind => "Concatenate";

    internal static bool IsNumeric(DataViewType t) =>
        t is NumberDataViewType or BooleanDataViewType or VectorDataViewType;

    internal override RowMapper CreateMapper(DataViewSchema inputSchema) => new Mapper(this, inputSchema);

    internal override void Save(ModelSaveContext context)
    {
        context.State["output"] = OutputColumnName;
        context.State["inputs"] = new JsonArray(InputColumnNames.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray());
    }

    internal static ColumnConcatenatingTransformer Load(ModelLoadContext context) =>
        new(context.String("output"), context.Strings("inputs"));

    private sealed class Mapper : RowMapper
    {
        private readonly DataViewSchema.Column[] _inputs;
        private readonly int[] _sizes;
        private readonly DataViewSchema.DetachedColumn[] _outputs;

        public Mapper(ColumnConcatenatingTransformer parent, DataViewSchema inputSchema)
            : base(inputSchema)
        {
            _inputs = new DataViewSchema.Column[parent.InputColumnNames.Count];
            _sizes = new int[_inputs.Length];
            for (int i = 0; i < _inputs.Length; i++)
            {
                string name = parent.InputColumnNames[i];
                DataViewSchema.Column c = inputSchema.GetColumnOrNull(name)
                    ?? throw new ArgumentException($"Concatenate: input column '{name}' not found. Columns: {string.Join(", ", inputSchema.VisibleNames)}.");
                if (!IsNumeric(c.Type))
                {
                    throw new ArgumentException($"Concatenate: column '{name}' must be numeric or a vector of Single; found {c.Type}.");
                }

                if (c.Type is VectorDataViewType { IsKnownSize: false })
                {
                    throw new ArgumentException($"Concatenate: column '{name}' is a vector of variable size; concatenated vectors need a known size ([VectorType(n)]).");
                }

                _inputs[i] = c;
                _sizes[i] = c.Type is VectorDataViewType v ? v.Size : 1;
            }

            _outputs = [new DataViewSchema.DetachedColumn(parent.OutputColumnName, new VectorDataViewType(_sizes.Sum()))];
        }

        public override IReadOnlyList<DataViewSchema.DetachedColumn> OutputColumns => _outputs;

        public override IEnumerable<DataViewSchema.Column> Dependencies(bool[] activeOutputs) => _inputs;

        public override Delegate?[] CreateGetters(DataViewRow input, bool[] activeOutputs)
        {
            if (!activeOutputs[0])
            {
                return [null];
            }

            // Each part copies its value(s) into the output at its offset.
            var parts = new Action<float[], int>[_inputs.Length];
            for (int i = 0; i < _inputs.Length; i++)
            {
                parts[i] = NumericReader.Create(input, _inputs[i]);
            }

            int total = _sizes.Sum();
            int[] offsets = new int[_inputs.Length];
            for (int i = 1; i < offsets.Length; i++)
            {
                offsets[i] = offsets[i - 1] + _sizes[i - 1];
            }

            return
            [
                new ValueGetter<float[]>((ref float[] value) =>
                {
                    if (value is null || value.Length != total)
                    {
                        value = new float[total];
                    }

                    for (int i = 0; i < parts.Length; i++)
                    {
                        parts[i](value, offsets[i]);
                    }
                }),
            ];
        }
    }
}
