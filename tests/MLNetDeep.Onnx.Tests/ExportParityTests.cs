namespace MLNetDeep.Onnx.Tests;

using MLNetDeep.Neural.Layers;

/// <summary>
/// ONNX Runtime's outputs of the exported graph equal <see cref="Network.Predict"/> followed by the head (sigmoid,
/// softmax or rescale, computed in double), for every head, with batch norm folded, as a node or absent, every
/// activation, with and without dropout, on odd sizes (F = 1, 3, 17; K = 2, 3, 10), batch 1 and batch 7.
/// </summary>
/// <remarks>
/// Tolerance: |onnx - expected| &lt;= 1e-5 * max(1, |expected|). Gemm in ONNX Runtime sums in another order than the
/// engine's GEMM, folding batch norm rounds W * gamma / sqrt(var + eps) once where the engine rounds twice, and
/// ONNX Runtime's tanh/sigmoid are approximations: differences are a few float32 ulps of the layer sizes used here
/// (the largest seen on 2026-12-07 was 1.7e-6, with batch norm folded; each test prints its own).
/// </remarks>
[TestClass]
public sealed class ExportParityTests
{
    private const double Tolerance = 1e-5;
    private static readonly Activation[] Activations = [Activation.Relu, Activation.LeakyRelu, Activation.Tanh, Activation.Sigmoid, Activation.Identity];
    private static readonly int[] FeatureCounts = [1, 3, 17];
    private static readonly int[] ClassCounts = [2, 3, 10];
    private static readonly int[] Batches = [1, 7];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow(OnnxHead.Binary, "none")]
    [DataRow(OnnxHead.Binary, "fold")]
    [DataRow(OnnxHead.Binary, "node")]
    [DataRow(OnnxHead.Multiclass, "none")]
    [DataRow(OnnxHead.Multiclass, "fold")]
    [DataRow(OnnxHead.Multiclass, "node")]
    [DataRow(OnnxHead.Regression, "none")]
    [DataRow(OnnxHead.Regression, "fold")]
    [DataRow(OnnxHead.Regression, "node")]
    [DataRow(OnnxHead.Raw, "none")]
    [DataRow(OnnxHead.Raw, "fold")]
    [DataRow(OnnxHead.Raw, "node")]
    public void Onnx_runtime_matches_the_engine(OnnxHead head, string batchNorm)
    {
        double worst = 0;
        int cases = 0;
        for (int a = 0; a < Activations.Length; a++)
        {
            foreach (int features in FeatureCounts)
            {
                foreach (float dropout in new[] { 0f, 0.3f })
                {
                    int outputs = head switch
                    {
                        OnnxHead.Multiclass => ClassCounts[(a + features) % ClassCounts.Length],
                        OnnxHead.Raw => ClassCounts[(a + features) % ClassCounts.Length] - 1, // 1, 2 or 9 raw outputs
                        _ => 1,
                    };
                    long seed = (a * 100) + (features * 10) + (dropout > 0 ? 1 : 0);
                    Network network = TestNetworks.Build(features, outputs, Activations[a], batchNorm != "none", dropout, seed);
                    var options = new OnnxExportOptions
                    {
                        Head = head,
                        FoldBatchNorm = batchNorm != "node",
                        TargetScale = head == OnnxHead.Regression ? 3.7f : 1f,
                        TargetOffset = head == OnnxHead.Regression ? -12.25f : 0f,
                    };
                    byte[] model = OnnxExport.ToOnnx(network, options);
                    using var ort = new OrtModel(model, "Features", features);
                    foreach (int rows in Batches)
                    {
                        string where = $"{head}, batch norm {batchNorm}, {Activations[a]}, F={features}, outputs={outputs}, dropout={dropout}, batch {rows}";
                        float[] x = TestNetworks.Inputs(rows, features, seed + rows);
                        float[] raw = TestNetworks.Predict(network, x, rows);
                        Dictionary<string, float[]> actual = ort.Run(x, rows);
                        foreach ((string name, double[] expected) in Expected(head, raw, rows, outputs, options))
                        {
                            Assert.IsTrue(actual.TryGetValue(name, out float[]? got), $"{where}: no output {name}");
                            worst = Math.Max(worst, Compare(expected, got, $"{where}, {name}"));
                        }

                        Assert.HasCount(head == OnnxHead.Binary ? 2 : 1, actual, $"{where}: the float outputs are {string.Join(", ", actual.Keys)}");
                        cases++;
                    }
                }
            }
        }

        TestContext.WriteLine($"{cases} cases; largest |onnx - expected| / max(1, |expected|) = {worst:E2}");
    }

    /// <summary>What each output must be: the head applied to the engine's raw outputs, in double.</summary>
    private static IEnumerable<(string Name, double[] Values)> Expected(OnnxHead head, float[] raw, int rows, int outputs, OnnxExportOptions options)
    {
        switch (head)
        {
            case OnnxHead.Binary:
                yield return ("Score", raw.Select(v => (double)v).ToArray());
                yield return ("Probability", raw.Select(v => 1.0 / (1.0 + Math.Exp(-v))).ToArray());
                break;
            case OnnxHead.Multiclass:
                var probabilities = new double[raw.Length];
                for (int r = 0; r < rows; r++)
                {
                    double max = raw.Skip(r * outputs).Take(outputs).Max();
                    double sum = 0;
                    for (int k = 0; k < outputs; k++)
                    {
                        sum += probabilities[(r * outputs) + k] = Math.Exp(raw[(r * outputs) + k] - max);
                    }

                    for (int k = 0; k < outputs; k++)
                    {
                        probabilities[(r * outputs) + k] /= sum;
                    }
                }

                yield return ("Score", probabilities);
                break;
            case OnnxHead.Regression:
                yield return ("Score", raw.Select(v => (v * (double)options.TargetScale) + options.TargetOffset).ToArray());
                break;
            default:
                yield return ("Score", raw.Select(v => (double)v).ToArray());
                break;
        }
    }

    private static double Compare(double[] expected, float[] actual, string where)
    {
        Assert.HasCount(expected.Length, actual, where);
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]) / Math.Max(1, Math.Abs(expected[i]));
            Assert.IsTrue(error <= Tolerance, $"{where}[{i}]: onnx {actual[i]:R}, expected {expected[i]:R} (relative error {error:E2} > {Tolerance:E0})");
            worst = Math.Max(worst, error);
        }

        return worst;
    }
}
