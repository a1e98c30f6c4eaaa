namespace MLNetDeep.Legacy.Transforms;

using MLNetDeep.Legacy.Data;

/// <summary>
/// The mapper of value-to-key steps: looks the input up in a <see cref="KeyMap"/> and writes the key, or (for one-hot
/// indicators) a vector of Single with a 1 in slot key - 1 (all zeros for key 0).
/// </summary>
internal sealed class KeyLookupMapper : RowMapper
{
    private readonly DataViewSchema.Column _input;
    private readonly KeyMap _map;
    private readonly bool _indicator;
    private readonly DataViewSchema.DetachedColumn[] _outputs;

    public KeyLookupMapper(DataViewSchema inputSchema, string step, string inputColumnName, KeyMap map, DataViewSchema.DetachedColumn output, bool indicator)
        : base(inputSchema)
    {
        _input = ColumnChecks.CheckKeyable(inputSchema, step, inputColumnName);
        if (_input.Type != map.ValueType)
        {
            throw ColumnChecks.WrongType(step, inputColumnName, $"{map.ValueType} (the type it was fitted on)", _input.Type);
        }

        _map = map;
        _indicator = indicator;
        _outputs = [output];
    }

    public override IReadOnlyList<DataViewSchema.DetachedColumn> OutputColumns => _outputs;

    public override IEnumerable<DataViewSchema.Column> Dependencies(bool[] activeOutputs) => [_input];

    public override Delegate?[] CreateGetters(DataViewRow input, bool[] activeOutputs)
    {
        if (!activeOutputs[0])
        {
            return [null];
        }

        Func<uint> lookup = _map.CreateLookup(input, _input);
        if (!_indicator)
        {
            return [new ValueGetter<uint>((ref uint value) => value = lookup())];
        }

        int count = _map.Count;
        return
        [
            new ValueGetter<float[]>((ref float[] value) =>
            {
                if (value is null || value.Length != count)
                {
                    value = new float[count];
                }
                else
                {
                    Array.Clear(value);
                }

                uint key = lookup();
                if (key > 0)
                {
                    value[key - 1] = 1;
                }
            }),
        ];
    }
}
