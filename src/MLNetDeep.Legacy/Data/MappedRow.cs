namespace MLNetDeep.Legacy.Data;

/// <summary>A row (or cursor) that passes input columns through and computes a mapper's columns on demand.</summary>
internal sealed class MappedRow : DataViewRowCursor
{
    private readonly DataViewRow _input;
    private readonly DataViewRowCursor? _inputCursor;
    private readonly int _inputCount;
    private readonly Delegate?[] _getters;
    private readonly bool[] _active;

    /// <param name="input">The input row; a cursor when this is used as a cursor.</param>
    /// <param name="mapper">The mapper.</param>
    /// <param name="schema">The mapper's output schema.</param>
    /// <param name="active">Which of <paramref name="schema"/>'s columns are active.</param>
    public MappedRow(DataViewRow input, RowMapper mapper, DataViewSchema schema, bool[] active)
    {
        _input = input;
        _inputCursor = input as DataViewRowCursor;
        _inputCount = mapper.InputSchema.Count;
        Schema = schema;
        _active = active;
        _getters = mapper.CreateGetters(input, active[_inputCount..]);
    }

    public override DataViewSchema Schema { get; }

    public override long Position => _input.Position;

    public override bool IsColumnActive(DataViewSchema.Column column) => _active[column.Index];

    public override bool MoveNext() => _inputCursor?.MoveNext() ?? throw new InvalidOperationException("This row is not a cursor.");

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        CheckGetter<TValue>(column);
        if (column.Index < _inputCount)
        {
            return _input.GetGetter<TValue>(_input.Schema[column.Index]);
        }

        return (ValueGetter<TValue>)_getters[column.Index - _inputCount]!;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _input.Dispose();
        }
    }

    /// <summary>
    /// Splits the requested columns of a mapper's output schema into the active flags for it and the input columns the
    /// cursor below must provide.
    /// </summary>
    public static (bool[] Active, List<DataViewSchema.Column> InputNeeded) Plan(RowMapper mapper, DataViewSchema outputSchema, IEnumerable<DataViewSchema.Column> columnsNeeded)
    {
        int inputCount = mapper.InputSchema.Count;
        var active = new bool[outputSchema.Count];
        foreach (DataViewSchema.Column c in columnsNeeded)
        {
            active[c.Index] = true;
        }

        bool[] activeOutputs = active[inputCount..];
        var needed = new HashSet<int>();
        for (int i = 0; i < inputCount; i++)
        {
            if (active[i])
            {
                needed.Add(i);
            }
        }

        if (activeOutputs.Any(a => a))
        {
            foreach (DataViewSchema.Column dep in mapper.Dependencies(activeOutputs))
            {
                needed.Add(dep.Index);
            }
        }

        return (active, needed.Order().Select(i => mapper.InputSchema[i]).ToList());
    }
}
