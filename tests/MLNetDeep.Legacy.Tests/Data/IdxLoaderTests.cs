namespace MLNetDeep.Legacy.Tests.Data;

using System.Buffers.Binary;
using System.IO.Compression;
using MLNetDeep.Legacy.Data;

[TestClass]
public sealed class IdxLoaderTests
{
    private const string FashionMnist = "/usr/share/datasets/fashion-mnist";

    private static byte[] Idx(int magic, int[] dims, byte[] body)
    {
        var bytes = new byte[4 + (4 * dims.Length) + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int d = 0; d < dims.Length; d++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + (4 * d)), dims[d]);
        }

        body.CopyTo(bytes, 4 + (4 * dims.Length));
        return bytes;
    }

    private static void Write(string path, byte[] bytes, bool gzip)
    {
        if (!gzip)
        {
            File.WriteAllBytes(path, bytes);
            return;
        }

        using var file = File.Create(path + ".gz");
        using var gz = new GZipStream(file, CompressionLevel.Fastest);
        gz.Write(bytes);
    }

    /// <summary>Three 2 x 3 images, pixel (i, r, c) = 10*i + 3*r + c (with one 255), labels 7, 0, 9.</summary>
    private static string WriteSet(TempFiles tmp, bool gzip, byte[]? images = null, byte[]? labels = null)
    {
        var pixels = new byte[3 * 6];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)((10 * (i / 6)) + (i % 6));
        }

        pixels[^1] = 255;
        string prefix = tmp.PathOf("small");
        Write(prefix + "-images-idx3-ubyte", images ?? Idx(2051, [3, 2, 3], pixels), gzip);
        Write(prefix + "-labels-idx1-ubyte", labels ?? Idx(2049, [3], [7, 0, 9]), gzip);
        return prefix;
    }

    private static (float[][] Features, float[] Labels) Read(IDataView view)
    {
        var f = view.Schema["Features"];
        var l = view.Schema["Label"];
        using var cursor = view.GetRowCursor([f, l]);
        var fg = cursor.GetGetter<float[]>(f);
        var lg = cursor.GetGetter<float>(l);
        var features = new List<float[]>();
        var labels = new List<float>();
        while (cursor.MoveNext())
        {
            float[] v = [];
            float y = 0;
            fg(ref v);
            lg(ref y);
            features.Add(v);
            labels.Add(y);
        }

        return (features.ToArray(), labels.ToArray());
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void LoadsPlainAndGzippedFilesScaledByDefault(bool gzip)
    {
        using var tmp = new TempFiles();
        string prefix = WriteSet(tmp, gzip);
        IDataView view = new DeepContext().Data.LoadFromIdx(prefix);
        Assert.AreEqual(3L, view.GetRowCount());
        Assert.AreEqual(new VectorDataViewType(6), view.Schema["Features"].Type);
        Assert.AreEqual(NumberDataViewType.Single, view.Schema["Label"].Type);
        (float[][] features, float[] labels) = Read(view);
        CollectionAssert.AreEqual(new float[] { 7, 0, 9 }, labels);
        CollectionAssert.AreEqual(new[] { 10 / 255f, 11 / 255f, 12 / 255f, 13 / 255f, 14 / 255f, 15 / 255f }, features[1]);
        Assert.AreEqual(1f, features[2][5], "255 scales to exactly 1 (x / 255, torchvision's ToTensor)");
    }

    [TestMethod]
    public void WithoutScalingPixelsAreRaw()
    {
        using var tmp = new TempFiles();
        (float[][] features, _) = Read(new DeepContext().Data.LoadFromIdx(WriteSet(tmp, gzip: false), scale: false));
        CollectionAssert.AreEqual(new float[] { 20, 21, 22, 23, 24, 255 }, features[2]);
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void BytePixelsReadBitForBitAsTheFloatConversionAcrossAnOddWidthAndRowSelection(bool scale)
    {
        // 256 images of 3 x 7 (an odd width, below and above one vector): image i holds bytes i, i+1, ... (mod 256).
        const int n = 256, size = 21;
        var pixels = new byte[n * size];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)((i / size) + (i % size));
        }

        var labels = new byte[n];
        using var tmp = new TempFiles();
        string prefix = tmp.PathOf("bytes");
        Write(prefix + "-images-idx3-ubyte", Idx(2051, [n, 3, 7], pixels), gzip: false);
        Write(prefix + "-labels-idx1-ubyte", Idx(2049, [n], labels), gzip: false);
        var view = (InMemoryDataView)new DeepContext().Data.LoadFromIdx(prefix, scale);
        float Expected(int row, int j)
        {
            float v = pixels[(row * size) + j]; // the conversion the loader did when it stored floats: byte to float, then / 255f
            return scale ? v / 255f : v;
        }

        (float[][] features, _) = Read(view);
        for (int r = 0; r < n; r++)
        {
            for (int j = 0; j < size; j++)
            {
                Assert.AreEqual(BitConverter.SingleToInt32Bits(Expected(r, j)), BitConverter.SingleToInt32Bits(features[r][j]), $"row {r}, slot {j}");
            }
        }

        int[] rows = [255, 3, 3, 0, 128];
        (float[][] selected, _) = Read(view.Select(rows));
        Assert.AreEqual(rows.Length, selected.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            CollectionAssert.AreEqual(Enumerable.Range(0, size).Select(j => Expected(rows[i], j)).ToArray(), selected[i], $"selected row {i}");
        }
    }

    [TestMethod]
    public void AMissingFileNamesBothCandidates()
    {
        using var tmp = new TempFiles();
        string prefix = tmp.PathOf("none");
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => new DeepContext().Data.LoadFromIdx(prefix));
        StringAssert.Contains(e.Message, prefix + "-images-idx3-ubyte'");
        StringAssert.Contains(e.Message, prefix + "-images-idx3-ubyte.gz'");
    }

    [TestMethod]
    public void ABadMagicNumberNamesFileOffsetExpectedAndFound()
    {
        using var tmp = new TempFiles();
        string prefix = WriteSet(tmp, gzip: false, images: Idx(2049, [3], [1, 2, 3]));
        var e = Assert.ThrowsExactly<InvalidDataException>(() => new DeepContext().Data.LoadFromIdx(prefix));
        StringAssert.Contains(e.Message, "small-images-idx3-ubyte");
        StringAssert.Contains(e.Message, "byte offset 0");
        StringAssert.Contains(e.Message, "expected the IDX magic number 2051");
        StringAssert.Contains(e.Message, "found 2049");
        StringAssert.Contains(e.Message, "label file");
    }

    [TestMethod]
    public void ALittleEndianMagicNumberIsExplained()
    {
        using var tmp = new TempFiles();
        byte[] labels = Idx(2049, [3], [7, 0, 9]);
        BinaryPrimitives.WriteInt32LittleEndian(labels, 2049);
        string prefix = WriteSet(tmp, gzip: true, labels: labels);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => new DeepContext().Data.LoadFromIdx(prefix));
        StringAssert.Contains(e.Message, "small-labels-idx1-ubyte.gz");
        StringAssert.Contains(e.Message, "expected the IDX magic number 2049");
        StringAssert.Contains(e.Message, "little-endian");
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void ATruncatedBodyNamesFileOffsetExpectedAndFound(bool gzip)
    {
        using var tmp = new TempFiles();
        byte[] full = Idx(2051, [3, 2, 3], new byte[18]);
        string prefix = WriteSet(tmp, gzip, images: full[..(16 + 10)]);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => new DeepContext().Data.LoadFromIdx(prefix));
        StringAssert.Contains(e.Message, "small-images-idx3-ubyte");
        StringAssert.Contains(e.Message, "byte offset 26");
        StringAssert.Contains(e.Message, "expected 18 body bytes (3 x 2 x 3)");
        StringAssert.Contains(e.Message, "found only 10");
    }

    [TestMethod]
    public void ATruncatedHeaderNamesTheOffset()
    {
        using var tmp = new TempFiles();
        string prefix = WriteSet(tmp, gzip: false, labels: Idx(2049, [3], [])[..6]);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => new DeepContext().Data.LoadFromIdx(prefix));
        StringAssert.Contains(e.Message, "small-labels-idx1-ubyte, byte offset 6");
        StringAssert.Contains(e.Message, "expected 4 bytes of dimension 0");
        StringAssert.Contains(e.Message, "found only 2");
    }

    [TestMethod]
    public void TrailingBytesAndBadDimensionsAreErrors()
    {
        using var tmp = new TempFiles();
        string prefix = WriteSet(tmp, gzip: false, labels: Idx(2049, [3], [1, 2, 3, 4]));
        var e = Assert.ThrowsExactly<InvalidDataException>(() => new DeepContext().Data.LoadFromIdx(prefix));
        StringAssert.Contains(e.Message, "byte offset 11");
        StringAssert.Contains(e.Message, "found more data");
        using var tmp2 = new TempFiles();
        string prefix2 = WriteSet(tmp2, gzip: false, images: Idx(2051, [3, 0, 3], []));
        var e2 = Assert.ThrowsExactly<InvalidDataException>(() => new DeepContext().Data.LoadFromIdx(prefix2));
        StringAssert.Contains(e2.Message, "byte offset 8");
        StringAssert.Contains(e2.Message, "found 0");
    }

    [TestMethod]
    public void MismatchedCountsNameBothFilesAndCounts()
    {
        using var tmp = new TempFiles();
        string prefix = WriteSet(tmp, gzip: true, labels: Idx(2049, [2], [1, 2]));
        var e = Assert.ThrowsExactly<InvalidDataException>(() => new DeepContext().Data.LoadFromIdx(prefix));
        StringAssert.Contains(e.Message, "small-labels-idx1-ubyte.gz, byte offset 4");
        StringAssert.Contains(e.Message, "expected 3 labels");
        StringAssert.Contains(e.Message, "small-images-idx3-ubyte.gz");
        StringAssert.Contains(e.Message, "found a count of 2");
    }

    [TestMethod]
    [TestCategory("Slow")]
    public void LoadsTheRealFashionMnistTestSet()
    {
        if (!File.Exists(Path.Combine(FashionMnist, "t10k-images-idx3-ubyte.gz")))
        {
            Assert.Inconclusive($"Fashion-MNIST is not under {FashionMnist}: apt-get install dataset-fashion-mnist");
        }

        IDataView view = new DeepContext().Data.LoadFromIdx(Path.Combine(FashionMnist, "t10k"));
        Assert.AreEqual(10000L, view.GetRowCount());
        Assert.AreEqual(new VectorDataViewType(784), view.Schema["Features"].Type);
        (float[][] features, float[] labels) = Read(view);
        var perClass = labels.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        Assert.HasCount(10, perClass);
        Assert.IsTrue(perClass.All(kv => kv.Key is >= 0 and <= 9 && kv.Value == 1000), "Fashion-MNIST's test set has 1000 images per class");
        Assert.AreEqual(9f, labels[0], "the first test image is an ankle boot (class 9)");
        Assert.IsTrue(features.All(f => f.All(p => p is >= 0 and <= 1)));
        Assert.IsTrue(features[0].Max() == 1f || features[0].Max() > 0.5f);
    }
}
