namespace MLNetDeep.Samples.Signs;

/// <summary>How the Signs experiment runs.</summary>
public sealed record SignsSettings
{
    /// <summary>The folder holding Fashion-MNIST's IDX files. Default the Debian package's.</summary>
    public string Folder { get; init; } = FashionMnist.DefaultFolder;

    /// <summary>Training images: a seeded random subset of the 60,000, or null for all. Default 3000.</summary>
    public int? TrainCount { get; init; } = 3000;

    /// <summary>Test images: a seeded random subset of the 10,000, or null for all. Default null (all).</summary>
    public int? TestCount { get; init; }

    /// <summary>Epochs. Default 500 (the course runs 1500 on its 1080 sign images; on 3000 Fashion-MNIST images the test accuracy peaks earlier: see the README).</summary>
    public int Epochs { get; init; } = 500;

    /// <summary>Adam's learning rate. Default 0.0001 (the course's).</summary>
    public float LearningRate { get; init; } = 0.0001f;

    /// <summary>Mini-batch size. Default 32 (the course's).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>The cost is recorded after epoch 0 and every this many epochs (the course: 100), and after the last.</summary>
    public int PrintEvery { get; init; } = 100;

    /// <summary>Test images shown as ASCII art. Default 4.</summary>
    public int Examples { get; init; } = 4;

    /// <summary>Seed for the subsets, the initialization and the shuffling. Default 1.</summary>
    public long Seed { get; init; } = 1;
}
