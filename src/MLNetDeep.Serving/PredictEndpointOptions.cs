namespace MLNetDeep.Serving;

/// <summary>Limits of a prediction endpoint.</summary>
public sealed record PredictEndpointOptions
{
    /// <summary>The largest request body accepted; a larger one is answered 413. <value>Default 1 MiB (1,048,576 bytes).</value></summary>
    public long MaxRequestBodyBytes { get; init; } = 1L << 20;

    /// <summary>How deeply the JSON body may nest; deeper is answered 400. <value>Default 16 (a row array of objects of vectors needs 3).</value></summary>
    public int MaxJsonDepth { get; init; } = 16;

    /// <summary>The most rows one request may carry. <value>Default 1,000.</value></summary>
    public int MaxRowsPerRequest { get; init; } = 1000;

    /// <summary>Throws naming the first option out of range.</summary>
    internal void Validate()
    {
        if (MaxRequestBodyBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRequestBodyBytes), MaxRequestBodyBytes, "MaxRequestBodyBytes must be at least 1.");
        }

        if (MaxJsonDepth is < 3 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxJsonDepth), MaxJsonDepth, "MaxJsonDepth must be between 3 and 256.");
        }

        if (MaxRowsPerRequest < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRowsPerRequest), MaxRowsPerRequest, "MaxRowsPerRequest must be at least 1.");
        }
    }
}
