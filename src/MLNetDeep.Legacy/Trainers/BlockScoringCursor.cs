namespace MLNetDeep.Legacy.Trainers;

using MLNetDeep.Legacy.Data;
using MLNetDeep.Neural.Layers;

/// <summary>
/// The batch path of the prediction transformers' <c>Transform</c>: reads ahead a block of input rows (their features
/// and every requested input column), scores the block with one network Forward, then serves the rows one by one.
/// </summary>
/// <remarks>
/// The network is a private copy with <see cref="Network.BatchInvariant"/> set, so each row's outputs are the same
/// bits as when the row is scored alone (the prediction engine's path): the two are interchangeable, bit for bit.
/// Per block nothing is allocated beyond what the input's getters allocate.
/// </remarks>
internal sealed class BlockScoringCursor : DataViewRowCursor
{
    /// <summary>Rows scored per Forward.</summary>
    public const int BlockSize = 256;

    private readonly DataViewRowCursor _input;
    private readonly int _inputCount;
    private readonly bool[] _active;
    private readonly Network _network;
    private readonly ValueGetter<float[]> _getFeatures;
    private readonly RowBlockCache?[] _caches;
    private readonly Delegate?[] _outputGetters;
    private readonly long[] _positions = new long[BlockSize];
    private readonly float[] _features;
    private readonly float[] _outputs;
    private readonly float[] _rawOutput;
    private float[] _row;
    private int _count;
    private int _index = -1;
    private int _served = -1;
    private long _block;
    private long _servedBlock = -1;
    private bool _done;

    /// <param name="input">The input cursor, created with the requested input columns and the features.</param>
    /// <param name="schema">Input columns, then the transformer's outputs.</param>
    /// <param name="active">Which columns of <paramref name="schema"/> were requested.</param>
    /// <param name="inputCount">How many of <paramref name="schema"/>'s columns are input columns.</param>
    /// <param name="network">A private copy of the network (set batch-invariant here).</param>
    /// <param name="features">The feature column of <paramref name="input"/>.</param>
    /// <param name="createOutputGetters">The transformer's output getters over a score callback and a raw-output row.</param>
    public BlockScoringCursor(DataViewRowCursor input, DataViewSchema schema, bool[] active, int inputCount, Network network,
        DataViewSchema.Column features, Func<Action, float[], bool[], Delegate?[]> createOutputGetters)
    {
        _input = input;
        _inputCount = inputCount;
        _active = active;
        Schema = schema;
        _network = network;
        _network.BatchInvariant = true;
        _network.Threads = Environment.ProcessorCount; // the managed GEMM's results do not depend on the thread count
        _getFeatures = input.GetGetter<float[]>(features);
        _row = new float[network.InputSize];
        _features = new float[BlockSize * network.InputSize];
        _outputs = new float[BlockSize * network.OutputSize];
        _rawOutput = new float[network.OutputSize];
        _caches = new RowBlockCache?[inputCount];
        for (int i = 0; i < inputCount; i++)
        {
            if (active[i])
            {
                _caches[i] = RowBlockCache.Create(input, input.Schema[i], BlockSize);
            }
        }

        _outputGetters = createOutputGetters(Serve, _rawOutput, active[inputCount..]);
    }

    public override DataViewSchema Schema { get; }

    public override long Position => _index >= 0 && _index < _count ? _positions[_index] : -1;

    public override bool IsColumnActive(DataViewSchema.Column column) => _active[column.Index];

    public override bool MoveNext()
    {
        if (_index + 1 < _count)
        {
            _index++;
            return true;
        }

        return !_done && ReadBlock();
    }

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        CheckGetter<TValue>(column);
        if (column.Index < _inputCount)
        {
            return (ValueGetter<TValue>)_caches[column.Index]!.CreateGetter(() => _index);
        }

        return (ValueGetter<TValue>)_outputGetters[column.Index - _inputCount]!;
    }

    /// <summary>Reads up to <see cref="BlockSize"/> rows ahead and scores them; false when the input is exhausted.</summary>
    private bool ReadBlock()
    {
        // features [count, F] -> network -> outputs [count, O]
        int f = _network.InputSize;
        int count = 0;
        while (count < BlockSize && _input.MoveNext())
        {
            _getFeatures(ref _row);
            if (_row.Length != f)
            {
                throw new InvalidOperationException($"Row {_input.Position}: the feature vector has {_row.Length} values; the model expects {f}.");
            }

            _row.CopyTo(_features, count * f);
            foreach (RowBlockCache? cache in _caches)
            {
                cache?.Read(count);
            }

            _positions[count] = _input.Position;
            count++;
        }

        _count = count;
        _index = count > 0 ? 0 : -1;
        _block++;
        if (count < BlockSize)
        {
            _done = true;
        }

        if (count == 0)
        {
            return false;
        }

        int o = _network.OutputSize;
        _network.Forward(_features.AsMemory(0, count * f), count, training: false).Span.CopyTo(_outputs.AsSpan(0, count * o));
        return true;
    }

    /// <summary>Copies the current row's raw outputs into the row the output getters read.</summary>
    private void Serve()
    {
        if (_index < 0 || _index >= _count)
        {
            throw new InvalidOperationException("The cursor is not on a row: call MoveNext first.");
        }

        if (_served == _index && _servedBlock == _block)
        {
            return;
        }

        int o = _network.OutputSize;
        _outputs.AsSpan(_index * o, o).CopyTo(_rawOutput);
        _served = _index;
        _servedBlock = _block;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _input.Dispose();
        }
    }
}
