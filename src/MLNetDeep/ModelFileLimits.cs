namespace MLNetDeep;

/// <summary>
/// What <see cref="FeedForwardModelOperations.LoadChecked"/> accepts in a model zip before ML.NET sees it, so a damaged or
/// hostile file fails with a message naming it instead of allocating gigabytes or failing later at prediction time.
/// </summary>
public sealed record ModelFileLimits
{
    /// <summary>The most bytes all entries may inflate to together. Default 1 GiB.</summary>
    public long MaxTotalBytes { get; init; } = 1L << 30;

    /// <summary>The most entries a model zip may hold. Default 10,000.</summary>
    public int MaxEntries { get; init; } = 10_000;

    /// <summary>The most values all tensors of one ONNX graph may declare together. Default 256 M (1 GiB of float32).</summary>
    public long MaxTensorElements { get; init; } = 256L << 20;

    /// <summary>The defaults.</summary>
    public static ModelFileLimits Default { get; } = new();
}
