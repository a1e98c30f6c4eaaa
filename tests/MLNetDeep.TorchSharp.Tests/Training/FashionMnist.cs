namespace MLNetDeep.TorchSharp.Tests.Training;

using System.Buffers.Binary;
using System.IO.Compression;
using MLNetDeep.Neural.Training;

/// <summary>Reads Debian's dataset-fashion-mnist files (gzipped IDX) into an <see cref="ExampleSet"/>: pixels / 255, class index targets.</summary>
internal static class FashionMnist
{
    public const string Folder = "/usr/share/datasets/fashion-mnist";

    public static bool Available => File.Exists(Path.Combine(Folder, "train-images-idx3-ubyte.gz"));

    /// <param name="prefix"><c>train</c> or <c>t10k</c>.</param>
    public static ExampleSet Load(string prefix)
    {
        byte[] images = Read(Path.Combine(Folder, $"{prefix}-images-idx3-ubyte.gz"));
        byte[] labels = Read(Path.Combine(Folder, $"{prefix}-labels-idx1-ubyte.gz"));
        int n = BinaryPrimitives.ReadInt32BigEndian(images.AsSpan(4));
        int pixels = BinaryPrimitives.ReadInt32BigEndian(images.AsSpan(8)) * BinaryPrimitives.ReadInt32BigEndian(images.AsSpan(12));
        var x = new float[n * pixels];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = images[16 + i] / 255f;
        }

        var y = new float[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = labels[8 + i];
        }

        return new ExampleSet(x, pixels, y);
    }

    private static byte[] Read(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gz.CopyTo(memory);
        return memory.ToArray();
    }
}
