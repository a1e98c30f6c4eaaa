namespace MLNetDeep.Legacy.Tests.Model;

using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using MLNetDeep.Legacy.Data;
using static MLNetDeep.Legacy.Tests.TestData;

[TestClass]
public sealed class ModelFileTests
{
    private string _folder = null!;

    [TestInitialize]
    public void Init() => _folder = Directory.CreateTempSubdirectory("mlnetdeep-model-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_folder, true);

    private sealed class Prediction
    {
        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }

    private static (DeepContext Ctx, ITransformer Model, IDataView Data) TrainBinary()
    {
        var ctx = new DeepContext(seed: 5);
        IDataView data = ctx.Data.LoadFromEnumerable(Moons(200, 1));
        var options = new MLNetDeep.Legacy.Trainers.FeedForwardBinaryTrainer.Options { HiddenLayers = [8, 8], BatchNormalization = true, DropoutRate = 0.1f, NumberOfEpochs = 5, LearningRate = 0.01f };
        ITransformer model = ctx.Transforms.Concatenate("Features", "X1", "X2").Append(ctx.BinaryClassification.Trainers.FeedForward(options)).Fit(data);
        return (ctx, model, data);
    }

    private static float[] Scores(DeepContext ctx, ITransformer model, IDataView data) =>
        ctx.Data.CreateEnumerable<Prediction>(model.Transform(data), false).Select(p => p.Score).ToArray();

    [TestMethod]
    public void SavedAndLoadedModelsPredictBitIdentically()
    {
        var (ctx, model, data) = TrainBinary();
        string path = Path.Combine(_folder, "m.zip");
        ctx.Model.Save(model, data.Schema, path);
        ITransformer loaded = ctx.Model.Load(path, out DataViewSchema inputSchema);
        Assert.AreEqual(data.Schema.Count, inputSchema.Count);
        Assert.AreEqual("X1", inputSchema[0].Name == "X1" ? "X1" : inputSchema["X1"].Name);
        float[] before = Scores(ctx, model, data), after = Scores(ctx, loaded, data);
        for (int i = 0; i < before.Length; i++)
        {
            Assert.AreEqual(BitConverter.SingleToInt32Bits(before[i]), BitConverter.SingleToInt32Bits(after[i]), $"row {i}");
        }
    }

    [TestMethod]
    public void SavingTheSameTrainingTwiceGivesTheSameFile()
    {
        var (ctx, model, data) = TrainBinary();
        var (ctx2, model2, _) = TrainBinary();
        using var a = new MemoryStream();
        using var b = new MemoryStream();
        ctx.Model.Save(model, data.Schema, a);
        ctx2.Model.Save(model2, data.Schema, b);
        byte[] wa = ReadEntry(a.ToArray(), "weights.bin"), wb = ReadEntry(b.ToArray(), "weights.bin");
        CollectionAssert.AreEqual(wa, wb, "same seed, data and options: the same weights");
    }

    private static byte[] ReadEntry(byte[] zipBytes, string name)
    {
        using var zip = new ZipArchive(new MemoryStream(zipBytes));
        using var s = zip.GetEntry(name)!.Open();
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }

    private string SaveModel()
    {
        var (ctx, model, data) = TrainBinary();
        string path = Path.Combine(_folder, "good.zip");
        ctx.Model.Save(model, data.Schema, path);
        return path;
    }

    private string Rewrite(string source, string name, Func<string, byte[], byte[]> change, bool fixChecksum = false)
    {
        var entries = new Dictionary<string, byte[]>();
        using (var zip = ZipFile.OpenRead(source))
        {
            foreach (var e in zip.Entries)
            {
                using var s = e.Open();
                using var m = new MemoryStream();
                s.CopyTo(m);
                entries[e.Name] = change(e.Name, m.ToArray());
            }
        }

        if (fixChecksum)
        {
            entries["manifest.sha256"] = Encoding.ASCII.GetBytes(Convert.ToHexString(SHA256.HashData(entries["manifest.json"])));
        }

        string path = Path.Combine(_folder, name);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            foreach (var (entryName, bytes) in entries)
            {
                using var s = zip.CreateEntry(entryName).Open();
                s.Write(bytes);
            }
        }

        return path;
    }

    private static string LoadError(string path) =>
        Assert.ThrowsExactly<InvalidDataException>(() => new DeepContext().Model.Load(path, out _)).Message;

    [TestMethod]
    public void ATruncatedFileFailsClearly()
    {
        string good = SaveModel();
        byte[] bytes = File.ReadAllBytes(good);
        string path = Path.Combine(_folder, "truncated.zip");
        File.WriteAllBytes(path, bytes[..(bytes.Length * 2 / 3)]);
        StringAssert.Contains(LoadError(path), "truncated");
    }

    [TestMethod]
    public void CorruptedWeightsFailTheChecksum()
    {
        string path = Rewrite(SaveModel(), "corrupt.zip", (n, b) =>
        {
            if (n == "weights.bin")
            {
                b[b.Length / 2] ^= 0x40;
            }

            return b;
        });
        StringAssert.Contains(LoadError(path), "weights do not match their checksum");
    }

    [TestMethod]
    public void ATamperedManifestFailsItsChecksum()
    {
        string path = Rewrite(SaveModel(), "tampered.zip", (n, b) => n == "manifest.json" ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(b).Replace("\"X1\"", "\"Y1\"")) : b);
        StringAssert.Contains(LoadError(path), "manifest does not match its checksum");
    }

    [TestMethod]
    public void UnknownStepKindsAreNeverBuilt()
    {
        string path = Rewrite(SaveModel(), "kind.zip",
            (n, b) => n == "manifest.json" ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(b).Replace("\"Concatenate\"", "\"System.Diagnostics.Process\"")) : b, fixChecksum: true);
        string message = LoadError(path);
        StringAssert.Contains(message, "unknown kind 'System.Diagnostics.Process'");
        StringAssert.Contains(message, "BinaryPredictor");
    }

    [TestMethod]
    public void AFutureFormatVersionIsRefused()
    {
        string path = Rewrite(SaveModel(), "future.zip",
            (n, b) => n == "manifest.json" ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(b).Replace("\"formatVersion\": 1", "\"formatVersion\": 7")) : b, fixChecksum: true);
        StringAssert.Contains(LoadError(path), "newer MLNetDeep (format version 7)");
    }

    [TestMethod]
    public void AWrongTensorSizeIsRefused()
    {
        string path = Rewrite(SaveModel(), "shape.zip",
            (n, b) => n == "manifest.json" ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(b).Replace("\"units\": 8", "\"units\": 9")) : b, fixChecksum: true);
        StringAssert.Contains(LoadError(path), "values;");
    }

    [TestMethod]
    public void AnAbsurdUncompressedSizeIsRefusedBeforeReading()
    {
        byte[] bytes = File.ReadAllBytes(SaveModel());
        // Forge the central directory's uncompressed size of manifest.json (offset 24 of its 0x02014b50 header).
        byte[] name = Encoding.ASCII.GetBytes("manifest.json");
        for (int i = 0; i < bytes.Length - 46; i++)
        {
            if (bytes[i] == 0x50 && bytes[i + 1] == 0x4b && bytes[i + 2] == 0x01 && bytes[i + 3] == 0x02 && bytes.AsSpan(i + 46, name.Length).SequenceEqual(name))
            {
                BitConverter.GetBytes(0x7FFF_FFF0u).CopyTo(bytes, i + 24);
            }
        }

        string path = Path.Combine(_folder, "absurd.zip");
        File.WriteAllBytes(path, bytes);
        StringAssert.Contains(LoadError(path), "more than the");
    }

    [TestMethod]
    public void NotAZipAndMissingFilesFailClearly()
    {
        string path = Path.Combine(_folder, "text.zip");
        File.WriteAllText(path, "hello");
        StringAssert.Contains(LoadError(path), "not a readable zip archive");
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => new DeepContext().Model.Load(Path.Combine(_folder, "none.zip"), out _));
        StringAssert.Contains(e.Message, "none.zip");
    }

    [TestMethod]
    public void AFailedSaveLeavesTheExistingFileAlone()
    {
        string path = SaveModel();
        byte[] before = File.ReadAllBytes(path);
        var (ctx, model, _) = TrainBinary();
        // The pipeline reads X2, which this input schema lacks: saving fails before the file is touched.
        var e = Assert.ThrowsExactly<ArgumentException>(() => ctx.Model.Save(model, ctx.Data.LoadFromEnumerable(new[] { new OnlyX1() }).Schema, path));
        StringAssert.Contains(e.Message, "'X2'");
        CollectionAssert.AreEqual(before, File.ReadAllBytes(path));
        Assert.AreEqual(1, Directory.GetFiles(_folder).Length, "no temporary file is left behind");
    }

    private sealed class OnlyX1
    {
        public float X1 { get; set; }
    }
}
