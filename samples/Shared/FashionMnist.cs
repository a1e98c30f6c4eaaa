namespace MLNetDeep.Samples;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Neural.Numerics;
using MLNetDeep.Neural.Training;

/// <summary>
/// The real Fashion-MNIST (Debian package <c>dataset-fashion-mnist</c>) as engine example sets: 28 x 28 grey images
/// scaled to [0, 1] (the library's IDX loader), the label the class index 0..9.
/// </summary>
public static class FashionMnist
{
    /// <summary>Where the Debian package puts the files.</summary>
    public const string DefaultFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>The Debian package that holds the data.</summary>
    public const string Package = "dataset-fashion-mnist";

    /// <summary>Pixels per image side.</summary>
    public const int Side = 28;

    /// <summary>The ten class names, by label (Zalando's names).</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Whether the training and test files are in <paramref name="folder"/> (gzipped or not).</summary>
    public static bool IsAvailable(string folder = DefaultFolder) =>
        new[] { "train-images-idx3-ubyte", "t10k-images-idx3-ubyte" }.All(f =>
            File.Exists(Path.Combine(folder, f)) || File.Exists(Path.Combine(folder, f + ".gz")));

    /// <summary>
    /// Loads <paramref name="set"/> (<c>train</c>: 60,000 images, <c>t10k</c>: 10,000) or a random subset of it: the
    /// first <paramref name="count"/> rows of a permutation drawn from <paramref name="seed"/>, kept in file order.
    /// </summary>
    /// <param name="folder">The folder holding the IDX files.</param>
    /// <param name="set">The file prefix, <c>train</c> or <c>t10k</c>.</param>
    /// <param name="count">How many images, or null for all of them.</param>
    /// <param name="seed">Seed of the subset's permutation.</param>
    public static ExampleSet Load(string folder, string set, int? count = null, long seed = 0)
    {
        IDataView view = new MLContext().Data.LoadFromIdx(Path.Combine(folder, set));
        int total = checked((int)(view.GetRowCount() ?? throw new InvalidOperationException("the IDX view knows its row count")));
        int n = Math.Min(count ?? total, total);
        var keep = new bool[total];
        if (n == total)
        {
            Array.Fill(keep, true);
        }
        else
        {
            // Partial Fisher-Yates: the first n slots of a seeded permutation.
            int[] order = Enumerable.Range(0, total).ToArray();
            Rng rng = Rng.Derive(seed, 0xFA5, 0);
            for (int i = 0; i < n; i++)
            {
                int j = i + rng.NextInt(total - i);
                (order[i], order[j]) = (order[j], order[i]);
                keep[order[i]] = true;
            }
        }

        const int size = Side * Side;
        var features = new float[n * size];
        var labels = new float[n];
        DataViewSchema.Column f = view.Schema["Features"], l = view.Schema["Label"];
        using DataViewRowCursor cursor = view.GetRowCursor([f, l]);
        ValueGetter<VBuffer<float>> pixels = cursor.GetGetter<VBuffer<float>>(f);
        ValueGetter<float> label = cursor.GetGetter<float>(l);
        VBuffer<float> row = default;
        int r = 0, k = 0;
        while (cursor.MoveNext())
        {
            if (keep[r++])
            {
                pixels(ref row);
                row.CopyTo(features.AsSpan(k * size, size));
                label(ref labels[k]);
                k++;
            }
        }

        return new ExampleSet(features, size, labels);
    }
}
