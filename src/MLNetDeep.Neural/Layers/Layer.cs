namespace MLNetDeep.Neural.Layers;

using MLNetDeep.Neural.Numerics;

/// <summary>
/// A layer of a feed-forward network. Built once for an input width; then <see cref="Forward"/> maps a batch
/// <c>[N, InputSize]</c> to <c>[N, OutputSize]</c> and <see cref="Backward"/> maps the gradient of the output back to
/// the gradient of the input while adding into its parameters' gradients.
/// </summary>
/// <remarks>
/// Buffers are owned by the layer and reused: the memory a call returns stays valid until the next call of the same
/// method. Forward keeps a reference to its input and caches what Backward needs, so Backward must follow the Forward
/// of the same batch while that input is unchanged. Passing memory rather than spans lets a layer hold its input
/// without copying it every batch.
/// A layer instance is not thread-safe.
/// </remarks>
public abstract class Layer
{
    private int _capacity;

    /// <summary>The input width, set by <see cref="Build"/>.</summary>
    public int InputSize { get; private set; }

    /// <summary>The output width, set by <see cref="Build"/>.</summary>
    public int OutputSize { get; private set; }

    /// <summary>Whether <see cref="Build"/> has run.</summary>
    public bool IsBuilt { get; private set; }

    /// <summary>A short name for reports, such as <c>Dense(10)</c>.</summary>
    public abstract string DisplayName { get; }

    /// <summary>The trainable parameters (empty for parameter-free layers).</summary>
    public virtual IReadOnlyList<Parameter> Parameters => [];

    /// <summary>Non-trainable state saved with the model, such as batch-norm running averages (empty by default).</summary>
    public virtual IReadOnlyList<float[]> State => [];

    /// <summary>Most threads this layer's matrix products may use. Default 1.</summary>
    public int Threads { get; set; } = 1;

    /// <summary>
    /// Whether Forward gives every row the same bits whatever batch it comes in (a row scored alone equals the same row
    /// scored inside a block). When true, matrix products run on the managed GEMM, whose per-element summation order
    /// depends neither on the batch nor on the threads, whatever <see cref="Numerics.Gemm.Backend"/> says (OpenBLAS makes no
    /// such promise), and element-wise layers apply row by row (vectorized math may round a lane differently from a
    /// scalar tail). Default false: training keeps the process backend and whole-batch kernels. Scoring sets it.
    /// </summary>
    public bool BatchInvariant { get; set; }

    /// <summary>
    /// Whether Backward writes each parameter gradient (true) or adds to what the gradient holds (false, the default:
    /// PyTorch's <c>.grad</c> convention, on which gradient checking and callers that sum several backward passes rely).
    /// The trainer sets it for its run, so that nothing has to zero the gradients between mini-batches.
    /// </summary>
    internal bool OverwriteGradients { get; set; }

    /// <summary>The batch size the buffers currently hold.</summary>
    protected int Capacity => _capacity;

    /// <summary>Builds the layer for <paramref name="inputSize"/> inputs, allocating parameters. Only once.</summary>
    public void Build(int inputSize)
    {
        if (IsBuilt)
        {
            throw new InvalidOperationException($"{DisplayName} is already built for input width {InputSize}.");
        }

        if (inputSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, $"{DisplayName}: input width must be at least 1.");
        }

        InputSize = inputSize;
        OutputSize = OnBuild(inputSize);
        IsBuilt = true;
    }

    /// <summary>Creates the parameters for the input width and returns the output width.</summary>
    protected abstract int OnBuild(int inputSize);

    /// <summary>Sets the parameters to fresh initial values drawn from <paramref name="rng"/>, and resets state.</summary>
    public virtual void ResetParameters(Rng rng)
    {
    }

    /// <summary>
    /// Describes the built layer as data: kind, version, settings, tensors (aliasing its arrays) and inference operator.
    /// Checkpoints, the ONNX exporter and the libtorch backend read layers only through this. The base description,
    /// for a layer class that does not override it, has the type's full name as its kind, version 0, the
    /// <see cref="Parameters"/> by their names and the <see cref="State"/> arrays as <c>state0</c>, <c>state1</c>...,
    /// and no inference operator (a checkpoint can hold such a layer; an export cannot).
    /// </summary>
    public virtual LayerSpec Describe() => new()
    {
        Kind = GetType().FullName ?? GetType().Name,
        Version = 0,
        Tensors =
        [
            .. Parameters.Select(p => new LayerTensor(p.Name, p.Rows == 1 ? [p.Columns] : [p.Rows, p.Columns], p.Value)),
            .. State.Select((s, i) => new LayerTensor("state" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), [s.Length], s, isState: true)),
        ],
    };

    /// <summary>
    /// Reads a saved description of this layer (from a checkpoint): checks that it is the same kind, version and
    /// settings with tensors of the same names and shapes, and returns the saved tensors' values in
    /// <see cref="Describe"/>'s order, changing nothing. A layer whose description gains a version overrides this to
    /// read the older ones.
    /// </summary>
    /// <exception cref="InvalidDataException">The saved layer does not match; the message names what differs and both values.</exception>
    protected internal virtual IReadOnlyList<float[]> ReadSaved(LayerSpec saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        LayerSpec own = Describe();
        if (saved.Kind != own.Kind || saved.Version != own.Version)
        {
            throw new InvalidDataException($"it was saved as {saved.Kind} v{saved.Version}; this network has {own.Kind} v{own.Version} there");
        }

        foreach (KeyValuePair<string, double> setting in own.Settings)
        {
            if (!saved.Settings.TryGetValue(setting.Key, out double value) || !value.Equals(setting.Value))
            {
                string found = saved.Settings.ContainsKey(setting.Key) ? LayerSpec.Format(value) : "missing";
                throw new InvalidDataException($"its {own.Kind} setting {setting.Key} is {found}; this network's is {LayerSpec.Format(setting.Value)}");
            }
        }

        if (saved.Settings.Keys.FirstOrDefault(k => !own.Settings.ContainsKey(k)) is { } extra)
        {
            throw new InvalidDataException($"it has the setting {extra}, which a {own.Kind} v{own.Version} layer does not have");
        }

        if (saved.Tensors.Count != own.Tensors.Count)
        {
            throw new InvalidDataException($"it has {saved.Tensors.Count} tensors; this network's {own.Kind} layer has {own.Tensors.Count}");
        }

        var values = new float[own.Tensors.Count][];
        for (int i = 0; i < values.Length; i++)
        {
            LayerTensor mine = own.Tensors[i], theirs = saved.Tensors[i];
            if (theirs.Name != mine.Name || theirs.IsState != mine.IsState || !theirs.Shape.SequenceEqual(mine.Shape))
            {
                throw new InvalidDataException($"its tensor {i} is '{theirs.Name}' {theirs.ShapeText}; this network's is '{mine.Name}' {mine.ShapeText}");
            }

            values[i] = theirs.Values;
        }

        return values;
    }

    /// <summary>Runs the layer on a batch. <c>x [N, InputSize] -> y [N, OutputSize]</c>.</summary>
    /// <param name="input">The batch, <paramref name="batch"/> rows.</param>
    /// <param name="batch">The number of rows N.</param>
    /// <param name="training">True while training (dropout active, batch norm on batch statistics).</param>
    public ReadOnlyMemory<float> Forward(ReadOnlyMemory<float> input, int batch, bool training)
    {
        EnsureBuilt();
        if (batch < 1 || input.Length < batch * InputSize)
        {
            throw new ArgumentException($"{DisplayName}: expected a batch of {batch} x {InputSize} values, got {input.Length}.", nameof(input));
        }

        Reserve(batch);
        return OnForward(input[..(batch * InputSize)], batch, training);
    }

    /// <summary>
    /// Back-propagates through the layer. <c>dy [N, OutputSize] -> dx [N, InputSize]</c>; adds into parameter gradients.
    /// </summary>
    /// <param name="outputGradient">The cost's gradient with respect to the last Forward's output.</param>
    /// <param name="batch">The same N as the last Forward.</param>
    /// <param name="needInputGradient">False for the first layer of a network, to skip computing dx (then empty is returned).</param>
    public ReadOnlyMemory<float> Backward(ReadOnlyMemory<float> outputGradient, int batch, bool needInputGradient = true)
    {
        EnsureBuilt();
        if (batch < 1 || batch > _capacity || outputGradient.Length < batch * OutputSize)
        {
            throw new ArgumentException($"{DisplayName}: expected a gradient of {batch} x {OutputSize} values after a Forward of that batch.", nameof(outputGradient));
        }

        return OnBackward(outputGradient[..(batch * OutputSize)], batch, needInputGradient);
    }

    /// <summary>Grows the per-batch buffers to hold <paramref name="batch"/> rows, if they hold fewer.</summary>
    internal void Reserve(int batch)
    {
        if (batch > _capacity)
        {
            _capacity = batch;
            Allocate(batch);
        }
    }

    /// <summary>(Re)allocates the per-batch buffers for up to <paramref name="capacity"/> rows.</summary>
    protected abstract void Allocate(int capacity);

    /// <summary>The forward computation on a validated batch.</summary>
    protected abstract ReadOnlyMemory<float> OnForward(ReadOnlyMemory<float> input, int batch, bool training);

    /// <summary>The backward computation on a validated gradient.</summary>
    protected abstract ReadOnlyMemory<float> OnBackward(ReadOnlyMemory<float> outputGradient, int batch, bool needInputGradient);

    private void EnsureBuilt()
    {
        if (!IsBuilt)
        {
            throw new InvalidOperationException($"{DisplayName} must be built (Build or a Network) before it is run.");
        }
    }
}
