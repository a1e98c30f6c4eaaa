namespace MLNetDeep.Onnx.Tests;

using System.Text.Json;
using MLNetDeep.Neural.Layers;
using MLNetDeep.TestSupport;

/// <summary>
/// Every kind of exported graph passes <c>onnx.checker.check_model(model, full_check=True)</c> (strict shape inference
/// included) in Debian's python3-onnx (onnx 1.12, /usr/bin/python3), and the onnx package's own parser reads back the
/// nodes, initializers, interface and metadata our reader reads. Reported skipped when python3-onnx is missing.
/// </summary>
[TestClass]
public sealed class OnnxCheckerTests
{
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import json, sys
        import onnx
        from onnx import helper
        out = {}
        for path in sys.argv[1:]:
            m = onnx.load(path)
            onnx.checker.check_model(m, full_check=True)
            g = m.graph
            def shape(v):
                return [d.dim_param if d.HasField("dim_param") else str(d.dim_value) for d in v.type.tensor_type.shape.dim]
            out[path] = {
                "ir": m.ir_version,
                "opsets": sorted(f"{o.domain}:{o.version}" for o in m.opset_import),
                "producer": m.producer_name,
                "nodes": [f"{n.name}|{n.domain}|{n.op_type}|{','.join(n.input)}|{','.join(n.output)}|{','.join(a.name for a in n.attribute)}" for n in g.node],
                "initializers": [f"{t.name}|{t.data_type}|{','.join(str(d) for d in t.dims)}" for t in g.initializer],
                "inputs": [f"{v.name}|{v.type.tensor_type.elem_type}|{','.join(shape(v))}" for v in g.input],
                "outputs": [f"{v.name}|{v.type.tensor_type.elem_type}|{','.join(shape(v))}" for v in g.output],
                "metadata": {p.key: p.value for p in m.metadata_props},
                "labels": {n.name: [s.decode("utf-8") for s in helper.get_attribute_value(next(a for a in n.attribute if a.name == "keys_strings"))] for n in g.node if n.op_type == "LabelEncoder"},
            }
        print(json.dumps(out))
        """;

    [TestMethod]
    public void Every_graph_kind_passes_onnx_checker_full_check_and_parses_the_same_in_python()
    {
        RequirePythonOnnx();
        string folder = Path.Combine(Path.GetTempPath(), "mlnetdeep-onnx-checker-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            var models = new Dictionary<string, byte[]>();
            foreach ((string name, byte[] bytes) in Models())
            {
                string path = Path.Combine(folder, name + ".onnx");
                File.WriteAllBytes(path, bytes);
                models[path] = bytes;
            }

            string json = RunPython(models.Keys.ToArray());
            using JsonDocument document = JsonDocument.Parse(json);
            foreach ((string path, byte[] bytes) in models)
            {
                JsonElement python = document.RootElement.GetProperty(path);
                OnnxModelInfo ours = OnnxModelReader.Read(bytes);
                string what = Path.GetFileName(path);
                Assert.AreEqual(ours.IrVersion, python.GetProperty("ir").GetInt64(), what);
                CollectionAssert.AreEqual(Strings(python, "opsets"), ours.OpsetImports.Select(o => $"{o.Domain}:{o.Version}").Order(StringComparer.Ordinal).ToArray(), what);
                Assert.AreEqual(ours.ProducerName, python.GetProperty("producer").GetString(), what);
                CollectionAssert.AreEqual(Strings(python, "nodes"),
                    ours.Nodes.Select(n => $"{n.Name}|{n.Domain}|{n.OpType}|{string.Join(',', n.Inputs)}|{string.Join(',', n.Outputs)}|{string.Join(',', n.AttributeNames)}").ToArray(), what);
                CollectionAssert.AreEqual(Strings(python, "initializers"),
                    ours.Initializers.Select(t => $"{t.Name}|{(int)t.ElementType}|{string.Join(',', t.Dims)}").ToArray(), what);
                CollectionAssert.AreEqual(Strings(python, "inputs"), ours.Inputs.Select(Describe).ToArray(), what);
                CollectionAssert.AreEqual(Strings(python, "outputs"), ours.Outputs.Select(Describe).ToArray(), what);
                var metadata = python.GetProperty("metadata").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
                CollectionAssert.AreEquivalent(metadata.ToArray(), ours.MetadataProps.ToArray(), what);
                foreach (JsonProperty label in python.GetProperty("labels").EnumerateObject())
                {
                    CollectionAssert.AreEqual(label.Value.EnumerateArray().Select(s => s.GetString()).ToArray(),
                        ours.Nodes.Single(n => n.Name == label.Name).Attribute("keys_strings")!.Strings.ToArray(), $"{what}: {label.Name}");
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>One model of each kind the exporter writes.</summary>
    private static IEnumerable<(string Name, byte[] Bytes)> Models()
    {
        const string record = """{"options":{"HiddenLayers":[7,5]},"history":[{"epoch":0,"loss":0.69}],"classNames":["a","b"],"version":"0.1.0 \u00e9"}""";
        foreach (OnnxHead head in Enum.GetValues<OnnxHead>())
        {
            int outputs = head is OnnxHead.Multiclass or OnnxHead.Raw ? 3 : 1;
            foreach (bool fold in new[] { true, false })
            {
                Network network = TestNetworks.Build(4, outputs, Activation.LeakyRelu, batchNorm: true, dropout: 0.2f, seed: 5);
                yield return ($"{head}-{(fold ? "fold" : "node")}", OnnxExport.ToOnnx(network, new OnnxExportOptions
                {
                    Head = head,
                    FoldBatchNorm = fold,
                    TargetScale = head == OnnxHead.Regression ? 2.5f : 1f,
                    TargetOffset = head == OnnxHead.Regression ? 10f : 0f,
                    ScoreSlotNames = Enumerable.Range(0, outputs).Select(i => $"class {i}").ToArray(),
                    TrainingRecord = record,
                    MetadataProps = new Dictionary<string, string> { ["user.key"] = "value" },
                    DocString = "checker test",
                }));
            }
        }

        foreach (Activation activation in Enum.GetValues<Activation>())
        {
            Network plain = TestNetworks.Build(17, 10, activation, batchNorm: false, dropout: 0f, seed: 6);
            yield return ($"multiclass-{activation}", OnnxExport.ToOnnx(plain, new OnnxExportOptions { Head = OnnxHead.Multiclass }));
        }

        // Corner cases: no node before the head (Identity), a regression rescale after an activation (Mul, Add), a
        // batch norm with no Dense before it (always a node), a Softmax layer, a network with no hidden layer.
        yield return ("identity-only", OnnxExport.ToOnnx(new Network(2, [new Identity(), new Dropout(0.5f)]), new OnnxExportOptions { Head = OnnxHead.Raw }));
        yield return ("regression-after-tanh", OnnxExport.ToOnnx(new Network(3, [new Dense(1), new Tanh()]),
            new OnnxExportOptions { Head = OnnxHead.Regression, TargetScale = 2f, TargetOffset = 1f }));
        var leading = new Network(3, [new BatchNorm(), new Dense(2), new Softmax()]);
        TestNetworks.Perturb(leading, 3);
        yield return ("leading-batch-norm-softmax", OnnxExport.ToOnnx(leading));
        yield return ("linear-binary", OnnxExport.ToOnnx(new NetworkArchitecture { HiddenLayers = [] }.Build(1, 1), new OnnxExportOptions { Head = OnnxHead.Binary, InputName = "x" }));
    }

    private static string Describe(OnnxValueInfo v) =>
        $"{v.Name}|{(int)v.ElementType}|{string.Join(',', v.Shape!.Select(d => d.Parameter ?? d.Value!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)))}";

    private static string[] Strings(JsonElement element, string property) =>
        element.GetProperty(property).EnumerateArray().Select(e => e.GetString()!).ToArray();

    /// <summary>Skips (Inconclusive) unless /usr/bin/python3 imports onnx.</summary>
    internal static void RequirePythonOnnx()
    {
        if (!File.Exists(Python))
        {
            Assert.Inconclusive($"{Python} is missing: install Debian's python3-onnx (apt-get install python3-onnx) to run onnx.checker.");
        }

        var (code, _, error) = Run(["-c", "import onnx, onnx.checker, onnx.shape_inference"]);
        if (code != 0)
        {
            Assert.Inconclusive($"{Python} cannot import onnx ({error.Trim()}): install Debian's python3-onnx (apt-get install python3-onnx).");
        }
    }

    private static string RunPython(string[] paths)
    {
        var (code, output, error) = Run(["-c", Script, .. paths]);
        Assert.AreEqual(0, code, $"onnx.checker or the Python summary failed:\n{error}");
        return output;
    }

    private static (int Code, string Output, string Error) Run(string[] arguments)
    {
        ChildResult r = ChildProcess.Run(Python, arguments, TimeSpan.FromMinutes(5));
        return (r.ExitCode, r.Out, r.Error);
    }
}
