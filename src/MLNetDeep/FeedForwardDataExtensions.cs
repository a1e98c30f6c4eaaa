namespace MLNetDeep;

using Microsoft.ML;
using MLNetDeep.Data;

/// <summary>Loaders ML.NET does not have, as extensions on <c>ml.Data</c>.</summary>
public static class FeedForwardDataExtensions
{
    /// <summary>
    /// Loads an IDX image/label pair (the MNIST and Fashion-MNIST format), gzip-compressed or not, into memory as a data
    /// view. Prefix <c>P</c> reads <c>P-images-idx3-ubyte</c> (or <c>.gz</c>) and <c>P-labels-idx1-ubyte</c> (or
    /// <c>.gz</c>); for Fashion-MNIST from the Debian package <c>dataset-fashion-mnist</c> the prefixes are
    /// <c>/usr/share/datasets/fashion-mnist/train</c> (60,000 images) and <c>.../t10k</c> (10,000).
    /// </summary>
    /// <remarks>
    /// Columns: <c>Features</c>, a known-size vector of Single with rows x columns slots (784 for 28 x 28), the pixels in
    /// row-major order; <c>Label</c>, a Single holding the label byte (0..9; map it to a key with <c>MapValueToKey</c>
    /// for multiclass training). With <paramref name="scale"/> each pixel is divided by 255 into [0, 1] (torchvision's
    /// <c>ToTensor</c>, without its mean/std normalization). The pixels are kept as bytes and converted as rows are read.
    /// </remarks>
    /// <param name="catalog">ML.NET's data operations (<c>ml.Data</c>).</param>
    /// <param name="pathPrefix">The path up to <c>-images-idx3-ubyte</c>, e.g. <c>data/train</c>.</param>
    /// <param name="scale">Whether pixels are divided by 255. Default true.</param>
    /// <exception cref="ArgumentException"><paramref name="pathPrefix"/> is null or empty, or is one of the IDX files itself (the message gives the prefix to use).</exception>
    /// <exception cref="FileNotFoundException">Neither the plain nor the gzipped file exists; the message names both.</exception>
    /// <exception cref="InvalidDataException">A bad magic number, bad dimensions, a truncated body, or image and label counts that differ; the message names the file, the byte offset, what was expected and what was found.</exception>
    public static IDataView LoadFromIdx(this DataOperationsCatalog catalog, string pathPrefix, bool scale = true)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(pathPrefix);
        if (File.Exists(pathPrefix) && System.Text.RegularExpressions.Regex.Match(pathPrefix, @"^(.*)-(images-idx3|labels-idx1)-ubyte(\.gz)?$") is { Success: true } file)
        {
            throw new ArgumentException($"pathPrefix is the file '{pathPrefix}'; give the prefix before '-images-idx3-ubyte', '{file.Groups[1].Value}'.", nameof(pathPrefix));
        }

        string imagesPath = IdxReader.FindFile("images", $"{pathPrefix}-images-idx3-ubyte", $"{pathPrefix}-images-idx3-ubyte.gz");
        string labelsPath = IdxReader.FindFile("labels", $"{pathPrefix}-labels-idx1-ubyte", $"{pathPrefix}-labels-idx1-ubyte.gz");
        (int[] imageDims, byte[] pixels) = IdxReader.Read(imagesPath, IdxReader.ImagesMagic);
        (int[] labelDims, byte[] labels) = IdxReader.Read(labelsPath, IdxReader.LabelsMagic);
        if (imageDims[0] != labelDims[0])
        {
            throw new InvalidDataException($"{labelsPath}, byte offset 4: expected {imageDims[0]} labels, one per image in {imagesPath}, found a count of {labelDims[0]}.");
        }

        return new IdxDataView(pixels, labels, checked(imageDims[1] * imageDims[2]), scale);
    }
}
