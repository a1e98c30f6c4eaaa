namespace MLNetDeep.Tests.Scoring;

using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MLNetDeep.TestSupport;
using MLNetDeep.Tests.Trainers;

/// <summary>A fitted model's network leaves as a standalone ONNX file that ONNX Runtime runs and onnx.checker accepts.</summary>
[TestClass]
public sealed class OnnxExportTests
{
    [TestMethod]
    [DataRow("binary")]
    [DataRow("multiclass")]
    [DataRow("regression")]
    public void The_exported_file_gives_the_models_scores_in_ONNX_Runtime(string task)
    {
        TrainerCase c = TrainerCase.For(task);
        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadFromEnumerable(c.Rows(150, seed: 1));
        PointRow[] rows = c.Rows(30, seed: 2);
        string path = Path.Combine(Path.GetTempPath(), $"mlnetdeep-export-{Guid.NewGuid():N}.onnx");
        try
        {
            using var model = (IDisposable)c.Pipeline(ml, o => o with { NumberOfEpochs = 5, BatchNormalization = true }).Fit(train);
            ml.Model.ExportFeedForwardOnnx((ITransformer)model, path);
            float[][] expected = ((ITransformer)model).Transform(ml.Data.LoadFromEnumerable(rows)).Schema["Score"].Type is VectorDataViewType
                ? ((ITransformer)model).Transform(ml.Data.LoadFromEnumerable(rows)).GetColumn<float[]>("Score").ToArray()
                : ((ITransformer)model).Transform(ml.Data.LoadFromEnumerable(rows)).GetColumn<float>("Score").Select(s => new[] { s }).ToArray();
            using var session = new InferenceSession(path);
            var input = new DenseTensor<float>(rows.SelectMany(r => r.Features).ToArray(), [rows.Length, 2]);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor("Features", input)], ["Score"]);
            float[] scores = results.First().AsEnumerable<float>().ToArray();
            int width = expected[0].Length;
            for (int i = 0; i < rows.Length; i++)
            {
                for (int k = 0; k < width; k++)
                {
                    Assert.AreEqual(expected[i][k], scores[(i * width) + k], 1e-5f * Math.Max(1f, Math.Abs(expected[i][k])), $"row {i}, output {k}: a batch of {rows.Length} in ONNX Runtime equals ML.NET's row-by-row score");
                }
            }

            Assert.IsNotNull(session.ModelMetadata.CustomMetadataMap["mlnetdeep.training_record"], "the record travels in metadata_props");
            OnnxChecker.AssertValid(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// docs/onnx.md "Scoring many rows in .NET": the pipeline's steps before the network give the network's input column
    /// (ML.NET computes only the columns a cursor asks for, so ONNX Runtime does not run per row), and ONNX Runtime scores
    /// it in batches from the model's own ONNX bytes: the same scores as <c>Transform</c>, a final partial batch included.
    /// </summary>
    [TestMethod]
    public void Scoring_in_batches_as_the_docs_show_gives_the_same_scores_as_Transform()
    {
        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadFromEnumerable(TestData.Circles(200, seed: 1));
        IDataView data = ml.Data.LoadFromEnumerable(TestData.Circles(45, seed: 2));
        ITransformer model = ml.Transforms.NormalizeMeanVariance("Normalized", "Features")
            .Append(ml.BinaryClassification.Trainers.FeedForward(featureColumnName: "Normalized", hiddenLayers: [16], numberOfEpochs: 5))
            .Fit(train);
        try
        {
            float[] expected = model.Transform(data).GetColumn<float>("Score").ToArray();
            float[] scores = ScoreInBatches(ml, model, data, batchSize: 10);
            Assert.HasCount(expected.Length, scores);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i], scores[i], 1e-5f * Math.Max(1f, Math.Abs(expected[i])), $"row {i}");
            }
        }
        finally
        {
            ((IDisposable)model).Dispose();
        }

        // The docs' code, as written there.
        static float[] ScoreInBatches(MLContext ml, ITransformer model, IDataView data, int batchSize)
        {
            byte[] onnx = ml.Model.GetFeedForwardOnnx(model) ?? throw new ArgumentException("not an MLNetDeep model");
            using var session = new InferenceSession(onnx);
            string input = session.InputMetadata.Keys.Single();            // the trainer's feature column
            int width = session.InputMetadata[input].Dimensions[1];
            IDataView features = model.Transform(data);                     // lazy: only the steps before the network run
            using DataViewRowCursor cursor = features.GetRowCursor([features.Schema[input]]);
            ValueGetter<VBuffer<float>> get = cursor.GetGetter<VBuffer<float>>(features.Schema[input]);
            var batch = new float[batchSize * width];
            var scores = new List<float>();
            VBuffer<float> row = default;
            int n = 0;
            bool more = true;
            while (more)
            {
                more = cursor.MoveNext();
                if (more)
                {
                    get(ref row);
                    row.CopyTo(batch, n++ * width);
                }

                if (n == batchSize || (!more && n > 0))
                {
                    var tensor = new DenseTensor<float>(batch.AsMemory(0, n * width), [n, width]);
                    using var results = session.Run([NamedOnnxValue.CreateFromTensor(input, tensor)], ["Score"]);
                    scores.AddRange(results[0].AsEnumerable<float>());   // binary and regression: [n, 1]; multiclass: [n, classes]
                    n = 0;
                }
            }

            return scores.ToArray();
        }
    }

    [TestMethod]
    public void A_model_without_a_network_cannot_be_exported_and_the_target_is_left_alone()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(TestData.Circles(50, seed: 1));
        ITransformer plain = ml.Transforms.NormalizeMinMax("Features").Fit(data);
        string path = Path.Combine(Path.GetTempPath(), $"mlnetdeep-export-{Guid.NewGuid():N}.onnx");
        File.WriteAllText(path, "keep me");
        try
        {
            Assert.IsNull(ml.Model.GetFeedForwardInfo(plain));
            Assert.ThrowsExactly<ArgumentException>(() => ml.Model.ExportFeedForwardOnnx(plain, path));
            Assert.AreEqual("keep me", File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

/// <summary>Runs onnx.checker with full checks through Debian's python3-onnx (skipped, naming the package, without it).</summary>
internal static class OnnxChecker
{
    private const string Python = "/usr/bin/python3";

    public static void AssertValid(string path)
    {
        if (!File.Exists(Python))
        {
            Assert.Inconclusive("onnx.checker needs /usr/bin/python3 with the onnx module: apt-get install python3-onnx");
        }

        ChildResult r = ChildProcess.Run(Python, ["-c", "import sys, onnx; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); print('ok')", path], TimeSpan.FromMinutes(2));
        if (r.Error.Contains("No module named 'onnx'", StringComparison.Ordinal))
        {
            Assert.Inconclusive("onnx.checker needs Debian's onnx module: apt-get install python3-onnx");
        }

        Assert.AreEqual(0, r.ExitCode, $"onnx.checker refused {path}: {r.Error}");
        StringAssert.Contains(r.Out, "ok");
    }
}
