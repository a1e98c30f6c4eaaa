namespace MLNetDeep.Neural.Layers;

using MLNetDeep.Neural.Numerics;

/// <summary>
/// A feed-forward network: a chain of built layers that maps <c>[N, InputSize]</c> to <c>[N, OutputSize]</c> raw
/// outputs (logits for classifiers). Owns no loss; the training loop pairs it with one.
/// </summary>
/// <remarks>Not thread-safe: forward and backward reuse the layers' buffers.</remarks>
public sealed class Network
{
    private readonly Layer[] _layers;
    private readonly Parameter[] _parameters;
    private readonly Dropout[] _dropouts;
    private int _threads = 1;
    private float[][]? _weightArrays;

    /// <summary>Chains <paramref name="layers"/> and builds each for the width the previous one outputs.</summary>
    /// <param name="inputSize">The number of input features; at least 1.</param>
    /// <param name="layers">At least one layer, none built yet.</param>
    public Network(int inputSize, IEnumerable<Layer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (inputSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "A network needs at least 1 input feature.");
        }

        _layers = layers.ToArray();
        if (_layers.Length == 0)
        {
            throw new ArgumentException("A network needs at least one layer; got none.", nameof(layers));
        }

        int width = inputSize;
        foreach (Layer layer in _layers)
        {
            layer.Build(width);
            width = layer.OutputSize;
        }

        InputSize = inputSize;
        OutputSize = width;
        _parameters = _layers.SelectMany(l => l.Parameters).ToArray();
        _dropouts = _layers.OfType<Dropout>().ToArray();
    }

    /// <summary>The number of input features.</summary>
    public int InputSize { get; }

    /// <summary>The number of outputs.</summary>
    public int OutputSize { get; }

    /// <summary>The layers, first to last.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>Every trainable parameter, layer by layer.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>The total number of trainable values.</summary>
    public long ParameterCount => _parameters.Sum(p => (long)p.Length);

    /// <summary>Most threads the matrix products may use. Default 1. Results do not depend on it.</summary>
    public int Threads
    {
        get => _threads;
        set
        {
            if (value < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Threads must be at least 1.");
            }

            _threads = value;
            foreach (Layer layer in _layers)
            {
                layer.Threads = value;
            }
        }
    }

    /// <summary>
    /// Whether every row's output is the same bits whatever batch it comes in (<see cref="Layer.BatchInvariant"/> on
    /// every layer). Default false; the scoring transformers and prediction engines set it on their private copies.
    /// </summary>
    public bool BatchInvariant
    {
        get => _layers.Length > 0 && _layers.All(l => l.BatchInvariant);
        set
        {
            foreach (Layer layer in _layers)
            {
                layer.BatchInvariant = value;
            }
        }
    }

    /// <summary>Draws fresh parameters: layer <c>i</c> draws from <c>Rng.Derive(seed, RngStreams.Initialization, i)</c>.</summary>
    public void Initialize(long seed)
    {
        for (int i = 0; i < _layers.Length; i++)
        {
            _layers[i].ResetParameters(Rng.Derive(seed, RngStreams.Initialization, (ulong)i));
        }
    }

    /// <summary>Runs the batch through every layer. <c>x [N, InputSize] -> y [N, OutputSize]</c>.</summary>
    public ReadOnlyMemory<float> Forward(ReadOnlyMemory<float> input, int batch, bool training)
    {
        ReadOnlyMemory<float> x = input;
        foreach (Layer layer in _layers)
        {
            x = layer.Forward(x, batch, training);
        }

        return x;
    }

    /// <summary>Sizes every layer's buffers for batches of up to <paramref name="batch"/> rows before training, so no batch allocates.</summary>
    internal void Reserve(int batch)
    {
        foreach (Layer layer in _layers)
        {
            layer.Reserve(batch);
        }
    }

    /// <summary>Back-propagates the output gradient through every layer, adding into parameter gradients. <c>dy [N, OutputSize]</c>.</summary>
    public void Backward(ReadOnlyMemory<float> outputGradient, int batch)
    {
        ReadOnlyMemory<float> g = outputGradient;
        for (int i = _layers.Length - 1; i >= 0; i--)
        {
            g = _layers[i].Backward(g, batch, needInputGradient: i > 0);
        }
    }

    /// <summary>Sets <see cref="Layer.OverwriteGradients"/> on every layer: true, Backward writes the gradients; false, it adds to them.</summary>
    internal bool OverwriteGradients
    {
        get => _layers.Length > 0 && _layers[0].OverwriteGradients;
        set
        {
            foreach (Layer layer in _layers)
            {
                layer.OverwriteGradients = value;
            }
        }
    }

    /// <summary>Sets every parameter gradient to zero.</summary>
    public void ZeroGradients()
    {
        foreach (Parameter p in _parameters)
        {
            Array.Clear(p.Gradient);
        }
    }

    /// <summary>
    /// Runs the network in inference mode over any number of rows, in chunks of at most
    /// <paramref name="chunkRows"/> rows. <c>x [rows, InputSize] -> output [rows, OutputSize]</c> (raw outputs).
    /// </summary>
    public void Predict(ReadOnlySpan<float> input, int rows, Span<float> output, int chunkRows = 1024)
    {
        if (input.Length < (long)rows * InputSize || output.Length < (long)rows * OutputSize)
        {
            throw new ArgumentException($"Predict: {rows} rows need {(long)rows * InputSize} inputs and {(long)rows * OutputSize} outputs; got {input.Length} and {output.Length}.");
        }

        float[] chunk = new float[Math.Min(rows, chunkRows) * InputSize];
        for (int start = 0; start < rows; start += chunkRows)
        {
            int n = Math.Min(chunkRows, rows - start);
            input.Slice(start * InputSize, n * InputSize).CopyTo(chunk);
            Forward(chunk.AsMemory(0, n * InputSize), n, training: false).Span.CopyTo(output.Slice(start * OutputSize, n * OutputSize));
        }
    }

    /// <summary>Sets the generator the dropout layers draw their masks from.</summary>
    internal void SetDropoutGenerator(Rng rng)
    {
        foreach (Dropout d in _dropouts)
        {
            d.Generator = rng;
        }
    }

    /// <summary>Holds (or releases) the dropout masks fixed across training forwards, for gradient checking.</summary>
    internal void FreezeDropoutMasks(bool freeze)
    {
        foreach (Dropout d in _dropouts)
        {
            d.FreezeMask = freeze;
        }
    }

    /// <summary>Every layer's <see cref="Layer.Describe"/>, first to last: what checkpoints store and exporters read.</summary>
    public IReadOnlyList<LayerSpec> Describe() => Array.ConvertAll(_layers, l => l.Describe());

    /// <summary>
    /// Every described tensor's values in a fixed order: the trainable ones layer by layer (<see cref="Parameters"/>'
    /// order), then the state layer by layer.
    /// </summary>
    /// <remarks>The arrays are made when the layers are built and never replaced, so the list is read once and kept.</remarks>
    internal IReadOnlyList<float[]> WeightArrays()
    {
        if (_weightArrays is null)
        {
            LayerTensor[] tensors = [.. _layers.SelectMany(l => l.Describe().Tensors)];
            _weightArrays = [.. tensors.Where(t => !t.IsState).Concat(tensors.Where(t => t.IsState)).Select(t => t.Values)];
        }

        return _weightArrays;
    }

    /// <summary>
    /// Reads saved layer descriptions (<see cref="Layer.ReadSaved"/>, layer by layer) and returns their values in
    /// <see cref="WeightArrays"/> order, changing nothing; <see cref="RestoreWeights"/> then applies them.
    /// </summary>
    /// <exception cref="InvalidDataException">A layer does not match; the message names the layer.</exception>
    internal float[][] ReadSaved(IReadOnlyList<LayerSpec> saved)
    {
        if (saved.Count != _layers.Length)
        {
            throw new InvalidDataException($"it holds {saved.Count} layers; this network has {_layers.Length}");
        }

        var parameters = new List<float[]>();
        var state = new List<float[]>();
        for (int i = 0; i < _layers.Length; i++)
        {
            IReadOnlyList<float[]> values;
            try
            {
                values = _layers[i].ReadSaved(saved[i]);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"layer {i} ({_layers[i].DisplayName}): {e.Message}", e);
            }

            IReadOnlyList<LayerTensor> own = _layers[i].Describe().Tensors;
            for (int t = 0; t < own.Count; t++)
            {
                (own[t].IsState ? state : parameters).Add(values[t]);
            }
        }

        return [.. parameters, .. state];
    }

    /// <summary>A copy of every parameter and state array.</summary>
    internal float[][] CaptureWeights() => WeightArrays().Select(a => (float[])a.Clone()).ToArray();

    /// <summary>Copies a <see cref="CaptureWeights"/> result back.</summary>
    internal void RestoreWeights(float[][] weights)
    {
        IReadOnlyList<float[]> targets = WeightArrays();
        for (int i = 0; i < targets.Count; i++)
        {
            weights[i].CopyTo(targets[i], 0);
        }
    }

    /// <summary>Copies a <see cref="CaptureWeights"/> result into existing arrays of the same shape (no allocation).</summary>
    internal void CaptureWeightsInto(float[][] destination)
    {
        IReadOnlyList<float[]> sources = WeightArrays();
        for (int i = 0; i < sources.Count; i++)
        {
            sources[i].CopyTo(destination[i], 0);
        }
    }

    /// <summary>True when every parameter value is finite.</summary>
    internal bool WeightsAreFinite()
    {
        foreach (Parameter p in _parameters)
        {
            if (!System.Numerics.Tensors.TensorPrimitives.IsFiniteAll<float>(p.Value))
            {
                return false;
            }
        }

        return true;
    }
}
