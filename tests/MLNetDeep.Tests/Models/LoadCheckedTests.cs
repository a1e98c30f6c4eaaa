namespace MLNetDeep.Tests.Models;

using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Tests.Trainers;

/// <summary>Issue 14 #4: a model file is checked before ML.NET allocates anything for it, and every error names the file.</summary>
[TestClass]
public sealed class LoadCheckedTests
{
    private static string _folder = "";
    private static string _model = "";

    [ClassInitialize]
    public static void TrainOnce(TestContext context)
    {
        _folder = Directory.CreateTempSubdirectory("mlnetdeep-loadchecked-").FullName;
        _model = Path.Combine(_folder, "good.zip");
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(TestData.Circles(100, seed: 1));
        using var model = (IDisposable)TrainerCase.For("binary").Pipeline(ml, o => o with { NumberOfEpochs = 1 }).Fit(data);
        ml.Model.Save((ITransformer)model, data.Schema, _model);
    }

    [ClassCleanup]
    public static void Cleanup() => Directory.Delete(_folder, recursive: true);

    [TestMethod]
    public void A_good_model_loads_and_scores()
    {
        var ml = new MLContext(seed: 1);
        using var model = (IDisposable)ml.Model.LoadChecked(_model, out DataViewSchema schema);
        Assert.IsNotNull(schema.GetColumnOrNull("Features"));
        IDataView scored = ((ITransformer)model).Transform(ml.Data.LoadFromEnumerable(TestData.Circles(5, seed: 2)));
        Assert.AreEqual(5, ml.Data.CreateEnumerable<EstimatorContractTests.BinaryPrediction>(scored, reuseRowObject: false).Count());
    }

    [TestMethod]
    public void A_folder_or_a_missing_file_is_named()
    {
        var ml = new MLContext();
        var folder = Assert.ThrowsExactly<FileNotFoundException>(() => ml.Model.LoadChecked(_folder, out _));
        StringAssert.Contains(folder.Message, "is a folder");
        var missing = Assert.ThrowsExactly<FileNotFoundException>(() => ml.Model.LoadChecked(Path.Combine(_folder, "nope.zip"), out _));
        StringAssert.Contains(missing.Message, "nope.zip");
    }

    [TestMethod]
    public void Not_a_zip_and_a_truncated_zip_name_the_file()
    {
        var ml = new MLContext();
        string text = Path.Combine(_folder, "text.zip");
        File.WriteAllText(text, "X1,X2,Label\n1,2,1\n");
        StringAssert.StartsWith(Assert.ThrowsExactly<InvalidDataException>(() => ml.Model.LoadChecked(text, out _)).Message, text);
        string truncated = Path.Combine(_folder, "truncated.zip");
        byte[] bytes = File.ReadAllBytes(_model);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        StringAssert.StartsWith(Assert.ThrowsExactly<InvalidDataException>(() => ml.Model.LoadChecked(truncated, out _)).Message, truncated);
    }

    [TestMethod]
    public void An_entry_declaring_gigabytes_is_refused_before_it_is_inflated()
    {
        string big = Path.Combine(_folder, "big.zip");
        using (var zip = ZipFile.Open(big, ZipArchiveMode.Create))
        {
            using Stream s = zip.CreateEntry("TransformerChain/Model.key", CompressionLevel.Optimal).Open();
            s.Write(new byte[1 << 20]);
        }

        PatchUncompressedSizes(big, int.MaxValue); // 2 GiB of zeros deflate to about 2 MB: the probe
        var e = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Model.LoadChecked(big, out _));
        StringAssert.StartsWith(e.Message, big);
        StringAssert.Contains(e.Message, "a model may inflate to at most 1,073,741,824");
    }

    [TestMethod]
    public void An_entry_whose_data_disagrees_with_its_declared_size_is_refused()
    {
        // A zip bomb's trick: the headers declare a small entry whose deflated data inflates to far more.
        string bomb = Path.Combine(_folder, "bomb.zip");
        using (var zip = ZipFile.Open(bomb, ZipArchiveMode.Create))
        {
            ZipArchiveEntry entry = zip.CreateEntry("TransformerChain/Model.key", CompressionLevel.Optimal);
            using Stream s = entry.Open();
            s.Write(new byte[4 << 20]);
        }

        PatchUncompressedSizes(bomb, 1000);
        var ml = new MLContext();
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ml.Model.LoadChecked(bomb, out _));
        StringAssert.StartsWith(e.Message, bomb, "whether the inflater stops at the declared size or not, the file is named");
    }

    [TestMethod]
    public void Limits_on_total_size_and_tensor_values_are_enforced()
    {
        var ml = new MLContext();
        var total = Assert.ThrowsExactly<InvalidDataException>(() => ml.Model.LoadChecked(_model, out _, new ModelFileLimits { MaxTotalBytes = 2000 }));
        StringAssert.Contains(total.Message, "at most 2,000");
        var tensors = Assert.ThrowsExactly<InvalidDataException>(() => ml.Model.LoadChecked(_model, out _, new ModelFileLimits { MaxTensorElements = 100 }));
        StringAssert.StartsWith(tensors.Message, _model);
        StringAssert.Contains(tensors.Message, "100");
    }

    [TestMethod]
    public void A_damaged_onnx_graph_is_refused_before_MLNET_reads_it()
    {
        string damaged = Path.Combine(_folder, "damaged.zip");
        File.Copy(_model, damaged, overwrite: true);
        using (var zip = ZipFile.Open(damaged, ZipArchiveMode.Update))
        {
            ZipArchiveEntry onnx = zip.Entries.Single(e => e.Name == "OnnxModel");
            string name = onnx.FullName;
            byte[] bytes;
            using (Stream s = onnx.Open())
            using (var copy = new MemoryStream())
            {
                s.CopyTo(copy);
                bytes = copy.ToArray();
            }

            onnx.Delete();
            // Keep the length prefix, cut the graph in the middle of a tensor.
            byte[] cut = bytes[..(bytes.Length - 200)];
            BinaryPrimitives.WriteInt32LittleEndian(cut, cut.Length - 4);
            using Stream w = zip.CreateEntry(name).Open();
            w.Write(cut);
        }

        var e = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Model.LoadChecked(damaged, out _));
        StringAssert.StartsWith(e.Message, damaged);
    }

    /// <summary>Sets the uncompressed size in every local header and central directory record of a one-entry zip.</summary>
    private static void PatchUncompressedSizes(string path, int size)
    {
        byte[] b = File.ReadAllBytes(path);
        for (int i = 0; i + 4 <= b.Length; i++)
        {
            uint signature = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(i));
            if (signature == 0x04034b50)
            {
                BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(i + 22), size); // local header: uncompressed size
            }
            else if (signature == 0x02014b50)
            {
                BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(i + 24), size); // central directory: uncompressed size
            }
        }

        File.WriteAllBytes(path, b);
    }
}
