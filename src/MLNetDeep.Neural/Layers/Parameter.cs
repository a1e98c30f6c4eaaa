namespace MLNetDeep.Neural.Layers;

/// <summary>
/// One trainable tensor of a layer (a weight matrix, a bias vector, batch-norm gamma or beta) with its gradient.
/// Row-major; <see cref="Rows"/> x <see cref="Columns"/> elements.
/// </summary>
public sealed class Parameter
{
    internal Parameter(string name, int rows, int columns, bool regularized)
    {
        Name = name;
        Rows = rows;
        Columns = columns;
        Regularized = regularized;
        Value = new float[rows * columns];
        Gradient = new float[rows * columns];
    }

    /// <summary>The parameter's name within its layer: <c>W</c>, <c>b</c>, <c>gamma</c> or <c>beta</c>.</summary>
    public string Name { get; }

    /// <summary>Rows of the tensor (for a Dense weight: the layer's input width).</summary>
    public int Rows { get; }

    /// <summary>Columns of the tensor (for a Dense weight: the layer's output width).</summary>
    public int Columns { get; }

    /// <summary>
    /// Whether L2 regularization and decoupled weight decay apply. True for weight matrices only: biases and
    /// batch-norm gamma/beta are not penalized (the course's convention, DESIGN.md).
    /// </summary>
    public bool Regularized { get; }

    /// <summary>The current values.</summary>
    public float[] Value { get; }

    /// <summary>The gradient of the cost with respect to <see cref="Value"/>; backward passes add into it.</summary>
    public float[] Gradient { get; }

    /// <summary>Number of elements.</summary>
    public int Length => Value.Length;
}
