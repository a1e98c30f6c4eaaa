namespace MLNetDeep.Legacy.Transforms;

using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Model;

/// <summary>
/// Maps a key column back to the values its keys stand for, read from the column's
/// <see cref="DataViewSchema.Column.KeyValues"/> (ML.NET's <c>KeyToValueMappingTransformer</c>). Key 0 (missing) and
/// keys beyond the key values map to the value type's missing or default value: NaN for Single and Double, empty text,
/// 0 for Int32 and Int64, false for Boolean.
/// </summary>
public sealed class KeyToValueMappingTransformer : RowToRowTransformerBase
{
    internal const string ExpectedType = "a key with key values (made by MapValueToKey)";

    internal KeyToValueMappingTransformer(string outputColumnName, string inputColumnName)
    {
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
    }

    /// <summary>The output column.</summary>
    public string OutputColumnName { get; }

    /// <summary>The input (key) column.</summary>
    public string InputColumnName { get; }

    internal override string Kind => KeyToValueMappingEstimator.Step;

    internal override RowMapper CreateMapper(DataViewSchema inputSchema) => new Mapper(this, inputSchema);

    internal override void Save(ModelSaveContext context)
    {
        context.State["output"] = OutputColumnName;
        context.State["input"] = InputColumnName;
    }

    internal static KeyToValueMappingTransformer Load(ModelLoadContext context) =>
        new(context.String("output"), context.String("input"));

    private static ValueGetter<T> Getter<T>(ValueGetter<uint> key, T[] values, T missing) =>
        (ref T value) =>
        {
            uint k = 0;
            key(ref k);
            value = k >= 1 && k <= values.Length ? values[k - 1] : missing;
        };

    private sealed class Mapper : RowMapper
    {
        private readonly DataViewSchema.Column _input;
        private readonly KeyValues _keyValues;
        private readonly DataViewSchema.DetachedColumn[] _outputs;

        public Mapper(KeyToValueMappingTransformer parent, DataViewSchema inputSchema)
            : base(inputSchema)
        {
            _input = ColumnChecks.Find(inputSchema, KeyToValueMappingEstimator.Step, parent.InputColumnName);
            if (_input.Type is not KeyDataViewType || _input.KeyValues is null)
            {
                throw ColumnChecks.WrongType(KeyToValueMappingEstimator.Step, parent.InputColumnName, ExpectedType, _input.Type is KeyDataViewType ? $"{_input.Type} without key values" : _input.Type);
            }

            _keyValues = _input.KeyValues;
            _outputs = [new DataViewSchema.DetachedColumn(parent.OutputColumnName, _keyValues.ValueType)];
        }

        public override IReadOnlyList<DataViewSchema.DetachedColumn> OutputColumns => _outputs;

        public override IEnumerable<DataViewSchema.Column> Dependencies(bool[] activeOutputs) => [_input];

        public override Delegate?[] CreateGetters(DataViewRow input, bool[] activeOutputs)
        {
            if (!activeOutputs[0])
            {
                return [null];
            }

            ValueGetter<uint> key = input.GetGetter<uint>(_input);
            Delegate getter = _keyValues.Values switch
            {
                string[] a => Getter(key, a, ""),
                float[] a => Getter(key, a, float.NaN),
                double[] a => Getter(key, a, double.NaN),
                int[] a => Getter(key, a, 0),
                long[] a => Getter(key, a, 0L),
                bool[] a => Getter(key, a, false),
                _ => throw new InvalidOperationException($"{KeyToValueMappingEstimator.Step}: key values of type {_keyValues.ValueType} are not supported."),
            };
            return [getter];
        }
    }
}
