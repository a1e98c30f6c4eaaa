namespace MLNetDeep.Legacy.Data;

/// <summary>IDX loading (MNIST, Fashion-MNIST).</summary>
public sealed partial class DataOperationsCatalog
{
    /// <summary>
    /// Loads an IDX image/label pair (the MNIST and Fashion-MNIST format), gzip-compressed or not, into memory.
    /// Prefix <c>P</c> reads <c>P-images-idx3-ubyte</c> (or <c>P-images-idx3-ubyte.gz</c>) and <c>P-labels-idx1-ubyte</c>
    /// (or <c>.gz</c>); for Fashion-MNIST from the Debian package <c>dataset-fashion-mnist</c> the prefixes are
    /// <c>/usr/share/datasets/fashion-mnist/train</c> (60,000 images) and <c>.../t10k</c> (10,000).
    /// </summary>
    /// <remarks>
    /// Columns: <c>Features</c>, a known-size vector of Single with rows x columns slots (28 x 28 = 784 for MNIST), the
    /// pixels in row-major order; and <c>Label</c>, a Single holding the label byte (0..9 for MNIST and Fashion-MNIST;
    /// map it to a key with <c>MapValueToKey</c> for multiclass training). With <paramref name="scale"/> each pixel is
    /// divided by 255 into [0, 1], torchvision's <c>ToTensor</c> convention (without its mean/std normalization); without
    /// it the raw 0..255 values are kept.
    /// </remarks>
    /// <param name="pathPrefix">The path up to <c>-images-idx3-ubyte</c>, e.g. <c>data/train</c>.</param>
    /// <param name="scale">Whether pixels are divided by 255 (torchvision's <c>ToTensor</c>). Default true.</param>
    /// <exception cref="FileNotFoundException">Neither the plain nor the gzipped file exists; the message names both.</exception>
    /// <exception cref="InvalidDataException">A bad magic number, bad dimensions, a truncated body, or image and label counts that differ; the message names the file, the byte offset, what was expected and what was found.</exception>
    public IDataView LoadFromIdx(string pathPrefix, bool scale = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathPrefix);
        string imagesPath = IdxReader.FindFile("images", $"{pathPrefix}-images-idx3-ubyte", $"{pathPrefix}-images-idx3-ubyte.gz");
        string labelsPath = IdxReader.FindFile("labels", $"{pathPrefix}-labels-idx1-ubyte", $"{pathPrefix}-labels-idx1-ubyte.gz");
        (int[] imageDims, byte[] pixels) = IdxReader.Read(imagesPath, IdxReader.ImagesMagic);
        (int[] labelDims, byte[] labelBytes) = IdxReader.Read(labelsPath, IdxReader.LabelsMagic);
        if (imageDims[0] != labelDims[0])
        {
            throw new InvalidDataException(
                $"{labelsPath}, byte offset 4: expected {imageDims[0]} labels, one per image in {imagesPath}, found a count of {labelDims[0]}.");
        }

        int size = imageDims[1] * imageDims[2];
        // The pixels stay bytes (a quarter of the memory of floats); the column's getter converts each row as it is read.
        var labels = new float[labelBytes.Length];
        System.Numerics.Tensors.TensorPrimitives.ConvertChecked<byte, float>(labelBytes, labels);
        var schema = DataViewSchema.Create(
        [
            new DataViewSchema.DetachedColumn("Features", new VectorDataViewType(size)),
            new DataViewSchema.DetachedColumn("Label", NumberDataViewType.Single),
        ]);
        return new InMemoryDataView(schema, [ColumnBuffer.FromFlatByteVectors(size, pixels, scale), ColumnBuffer.FromArray(NumberDataViewType.Single, labels)]);
    }
}
