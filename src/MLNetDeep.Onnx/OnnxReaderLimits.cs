namespace MLNetDeep.Onnx;

/// <summary>
/// Bounds <see cref="OnnxModelReader"/> checks before it allocates, so a hostile or corrupt model costs at most about
/// twice <see cref="MaxModelBytes"/> plus a few hundred bytes per counted item of memory (about 500 for an empty
/// attribute, the dearest: Google.Protobuf's objects and the description), and time linear in its size.
/// </summary>
public sealed record OnnxReaderLimits
{
    /// <summary>The largest model read, in bytes; a longer stream or span is refused before it is copied. Default 512 MiB.</summary>
    public long MaxModelBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>
    /// The most items the model may hold in total, counted before they are parsed: every message (nodes, attributes,
    /// graph inputs and outputs, initializers, dimensions, types, opset imports, metadata entries, also inside
    /// subgraphs, functions and training info, which are parsed but not described) and every value of a repeated field
    /// (node inputs and outputs, dims, the values of attribute lists and of a tensor's typed data fields such as
    /// float_data; not raw_data). Default 4,000,000.
    /// </summary>
    public long MaxItems { get; init; } = 4_000_000;

    /// <summary>The deepest nesting of messages (a type inside a sequence inside a map...). Default 32.</summary>
    public int MaxNestingDepth { get; init; } = 32;

    /// <summary>The most dimensions a tensor may declare. Default 64.</summary>
    public int MaxTensorRank { get; init; } = 64;

    /// <summary>
    /// The largest element count a tensor may declare (the product of its dims, computed with overflow checks), even
    /// when its data is external. Default 2,147,483,647 (2^31 - 1).
    /// </summary>
    public long MaxTensorElements { get; init; } = int.MaxValue;

    /// <summary>The defaults.</summary>
    public static OnnxReaderLimits Default { get; } = new();
}
