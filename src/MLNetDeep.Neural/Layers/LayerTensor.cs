namespace MLNetDeep.Neural.Layers;

/// <summary>
/// One named tensor of a <see cref="LayerSpec"/>: float32, row-major, <see cref="Shape"/> giving its dimensions. Its
/// <see cref="Values"/> are the layer's own array, not a copy.
/// </summary>
public sealed class LayerTensor
{
    /// <summary>Describes a tensor.</summary>
    /// <param name="name">Its name within the layer, such as <c>weight</c>; not empty.</param>
    /// <param name="shape">Its dimensions, each at least 1, whose product is the length of <paramref name="values"/>.</param>
    /// <param name="values">Its values (aliased, not copied).</param>
    /// <param name="isState">True for non-trainable state, such as batch norm's running mean. Default false.</param>
    public LayerTensor(string name, IReadOnlyList<int> shape, float[] values, bool isState = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(values);
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 1)
            {
                throw new ArgumentException($"Tensor '{name}' has the dimension {d} in [{string.Join(", ", shape)}]; each must be at least 1.", nameof(shape));
            }

            count *= d;
        }

        if (shape.Count == 0 || count != values.Length)
        {
            throw new ArgumentException($"Tensor '{name}' has the shape [{string.Join(", ", shape)}] but {values.Length} values.", nameof(values));
        }

        Name = name;
        Shape = shape.ToArray();
        Values = values;
        IsState = isState;
    }

    /// <summary>The name within the layer.</summary>
    public string Name { get; }

    /// <summary>The dimensions, outermost first: a Dense weight is <c>[in, out]</c>, a bias <c>[out]</c>.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The values, row-major: the layer's own array.</summary>
    public float[] Values { get; }

    /// <summary>Whether the tensor is non-trainable state rather than a trainable parameter.</summary>
    public bool IsState { get; }

    /// <summary>The shape as text, such as <c>[3, 4]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
