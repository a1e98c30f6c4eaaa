namespace MLNetDeep.Tests.Data;

using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary><c>ml.Data.LoadFromIdx</c> on small IDX files written by the test, plain and gzipped.</summary>
[TestClass]
public sealed class IdxTests
{
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void Loads_images_and_labels_as_a_data_view(bool gzip)
    {
        string folder = Directory.CreateTempSubdirectory("mlnetdeep-idx-").FullName;
        try
        {
            string prefix = Path.Combine(folder, "tiny");
            byte[] pixels = Enumerable.Range(0, 3 * 2 * 2).Select(i => (byte)(i * 20)).ToArray();
            Write($"{prefix}-images-idx3-ubyte", 2051, [3, 2, 2], pixels, gzip);
            Write($"{prefix}-labels-idx1-ubyte", 2049, [3], [7, 0, 9], gzip);
            var ml = new MLContext();
            IDataView view = ml.Data.LoadFromIdx(prefix);
            Assert.AreEqual(3L, view.GetRowCount());
            Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 4), view.Schema["Features"].Type);
            CollectionAssert.AreEqual(new[] { 7f, 0f, 9f }, view.GetColumn<float>("Label").ToArray());
            float[][] features = view.GetColumn<float[]>("Features").ToArray();
            CollectionAssert.AreEqual(new[] { 80 / 255f, 100 / 255f, 120 / 255f, 140 / 255f }, features[1], "row-major pixels divided by 255");
            float[] raw = ml.Data.LoadFromIdx(prefix, scale: false).GetColumn<float[]>("Features").Last();
            CollectionAssert.AreEqual(new[] { 160f, 180f, 200f, 220f }, raw);
            var shuffled = ml.Data.ShuffleRows(view, seed: 3).GetColumn<float>("Label").Order().ToArray();
            CollectionAssert.AreEqual(new[] { 0f, 7f, 9f }, shuffled, "ML.NET can shuffle the view");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void Bad_files_are_named_with_the_offset_and_what_was_found()
    {
        string folder = Directory.CreateTempSubdirectory("mlnetdeep-idx-").FullName;
        try
        {
            string prefix = Path.Combine(folder, "bad");
            var ml = new MLContext();
            StringAssert.Contains(Assert.ThrowsExactly<FileNotFoundException>(() => ml.Data.LoadFromIdx(prefix)).Message, "bad-images-idx3-ubyte");
            Write($"{prefix}-images-idx3-ubyte", 2051, [2, 2, 2], new byte[8], gzip: false);
            Write($"{prefix}-labels-idx1-ubyte", 2049, [3], [1, 2, 3], gzip: false);
            var e = Assert.ThrowsExactly<InvalidDataException>(() => ml.Data.LoadFromIdx(prefix));
            StringAssert.Contains(e.Message, "expected 2 labels");
            Write($"{prefix}-images-idx3-ubyte", 2049, [2], new byte[2], gzip: false);
            e = Assert.ThrowsExactly<InvalidDataException>(() => ml.Data.LoadFromIdx(prefix));
            StringAssert.Contains(e.Message, "this is a label file");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void A_huge_declared_size_over_a_short_file_is_truncated_without_allocating_it(bool gzip)
    {
        string folder = Directory.CreateTempSubdirectory("mlnetdeep-idx-").FullName;
        try
        {
            string prefix = Path.Combine(folder, "huge");
            Write($"{prefix}-images-idx3-ubyte", 2051, [1, 40000, 40000], new byte[10], gzip);
            Write($"{prefix}-labels-idx1-ubyte", 2049, [1], [1], gzip);
            var ml = new MLContext();
            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.ThrowsExactly<InvalidDataException>(() => ml.Data.LoadFromIdx(prefix));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            StringAssert.Contains(e.Message, "expected 1600000000 body bytes (1 x 40000 x 40000) from offset 16 to 1600000016, found only 10");
            Assert.IsLessThan(16L << 20, allocated, "the 1.6 GB the header declares is not allocated");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void An_empty_set_of_oversized_images_and_a_file_given_as_the_prefix_are_named()
    {
        string folder = Directory.CreateTempSubdirectory("mlnetdeep-idx-").FullName;
        try
        {
            string prefix = Path.Combine(folder, "empty");
            // 0 images of 100000 x 100000: the total is 0, the image size overflowed Int32 (an unexplained OverflowException).
            Write($"{prefix}-images-idx3-ubyte", 2051, [0, 100000, 100000], [], gzip: false);
            Write($"{prefix}-labels-idx1-ubyte", 2049, [0], [], gzip: false);
            var ml = new MLContext();
            var e = Assert.ThrowsExactly<InvalidDataException>(() => ml.Data.LoadFromIdx(prefix));
            StringAssert.Contains(e.Message, $"{prefix}-images-idx3-ubyte, byte offset 12: the dimensions [0, 100000, 100000] describe more than");
            var a = Assert.ThrowsExactly<ArgumentException>(() => ml.Data.LoadFromIdx($"{prefix}-images-idx3-ubyte"));
            Assert.AreEqual("pathPrefix", a.ParamName);
            StringAssert.Contains(a.Message, $"give the prefix before '-images-idx3-ubyte', '{prefix}'");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void Corrupt_gzip_data_names_the_file()
    {
        string folder = Directory.CreateTempSubdirectory("mlnetdeep-idx-").FullName;
        try
        {
            string prefix = Path.Combine(folder, "corrupt");
            Write($"{prefix}-images-idx3-ubyte", 2051, [2, 2, 2], new byte[8], gzip: true);
            Write($"{prefix}-labels-idx1-ubyte", 2049, [2], [1, 2], gzip: true);
            string images = $"{prefix}-images-idx3-ubyte.gz";
            byte[] gz = File.ReadAllBytes(images);
            gz.AsSpan(10).Fill(0xFF); // right after the 10-byte gzip header: a deflate block of the reserved type 3
            File.WriteAllBytes(images, gz);
            var e = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Data.LoadFromIdx(prefix));
            StringAssert.Contains(e.Message, $"{images}, near byte offset 0 of the decompressed data: the gzip data is corrupt");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void The_real_Fashion_MNIST_test_set_loads_with_a_thousand_images_of_each_class()
    {
        const string Folder = "/usr/share/datasets/fashion-mnist";
        if (!File.Exists(Path.Combine(Folder, "t10k-images-idx3-ubyte.gz")))
        {
            Assert.Inconclusive($"The real Fashion-MNIST is not in {Folder}: apt-get install dataset-fashion-mnist");
        }

        IDataView view = new MLContext().Data.LoadFromIdx(Path.Combine(Folder, "t10k"));
        Assert.AreEqual(10000L, view.GetRowCount());
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 784), view.Schema["Features"].Type);
        CollectionAssert.AreEqual(Enumerable.Repeat(1000, 10).ToArray(), view.GetColumn<float>("Label").GroupBy(l => l).OrderBy(g => g.Key).Select(g => g.Count()).ToArray());
        float[] first = view.GetColumn<float[]>("Features").First();
        Assert.IsTrue(first.All(p => p is >= 0 and <= 1) && first.Any(p => p > 0.5f), "pixels scaled into [0, 1]");
    }

    private static void Write(string path, int magic, int[] dims, byte[] body, bool gzip)
    {
        using Stream file = File.Create(gzip ? path + ".gz" : path);
        using Stream s = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file;
        Span<byte> four = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(four, magic);
        s.Write(four);
        foreach (int d in dims)
        {
            BinaryPrimitives.WriteInt32BigEndian(four, d);
            s.Write(four);
        }

        s.Write(body);
    }
}
