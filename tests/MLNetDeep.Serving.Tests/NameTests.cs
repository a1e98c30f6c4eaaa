namespace MLNetDeep.Serving.Tests;

using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Serving;
using MLNetDeep.Trainers;

/// <summary>
/// MLNetDeep.Serving can be imported next to Microsoft.ML and Microsoft.Extensions.ML without an ambiguous name
/// (docs/serving.md, "Names"). This file itself imports Microsoft.ML, Microsoft.ML.Data, MLNetDeep, MLNetDeep.Trainers and
/// MLNetDeep.Serving and uses types of each, so an ambiguity would fail the build.
/// </summary>
[TestClass]
public sealed class NameTests
{
    /// <summary>
    /// Microsoft.Extensions.ML's public types and extension methods (namespace Microsoft.Extensions.ML), from its source
    /// (dotnet/machinelearning, src/Microsoft.Extensions.ML); the package is not served here, so the list is written out.
    /// </summary>
    private static readonly string[] ExtensionsMLTypes =
    [
        "BuilderExtensions", "FileModelLoader", "IPredictionEnginePoolBuilder", "MLContextOptions", "MLOptions", "ModelLoader", "ModelReloadToken",
        "PredictionEnginePool", "PredictionEnginePoolBuilder", "PredictionEnginePoolExtensions", "PredictionEnginePoolOptions",
        "PredictionEnginePoolPolicy", "ServiceCollectionExtensions", "UriModelLoader",
    ];

    private static readonly string[] ExtensionsMLMethods = ["AddPredictionEnginePool", "FromFile", "FromUri", "Predict"];

    [TestMethod]
    public void NoPublicTypeSharesANameWithMicrosoftMLOrMicrosoftExtensionsML()
    {
        Type[] ours = typeof(PredictionPool<,>).Assembly.GetExportedTypes();
        Assembly[] ml =
        [
            typeof(MLContext).Assembly, typeof(IDataView).Assembly, typeof(TextLoader).Assembly, typeof(Microsoft.ML.Transforms.Onnx.OnnxTransformer).Assembly,
            typeof(Microsoft.ML.Trainers.FastTree.FastTreeBinaryTrainer).Assembly, typeof(Microsoft.ML.Trainers.SdcaLogisticRegressionBinaryTrainer).Assembly,
            typeof(Microsoft.ML.Transforms.OneHotEncodingEstimator).Assembly,
        ];
        var theirs = new HashSet<string>(ml.SelectMany(a => a.GetExportedTypes()).Select(SimpleName).Concat(ExtensionsMLTypes), StringComparer.Ordinal);
        string[] clashes = ours.Select(SimpleName).Where(theirs.Contains).ToArray();
        Assert.IsEmpty(clashes, $"MLNetDeep.Serving types named like Microsoft.ML / Microsoft.Extensions.ML types: {string.Join(", ", clashes)}");

        // A same-named extension method on the same receiver would be ambiguous (CS0121) when both namespaces are imported.
        string[] extensionMethods = ours.Where(t => t.IsAbstract && t.IsSealed).SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => m.IsDefined(typeof(ExtensionAttribute), false)).Select(m => m.Name).ToArray();
        Assert.IsEmpty(extensionMethods.Intersect(ExtensionsMLMethods).ToArray(), string.Join(", ", extensionMethods));
        CollectionAssert.Contains(extensionMethods, nameof(PredictionPoolServiceCollectionExtensions.AddPredictionPool));
    }

    [TestMethod]
    public void TheUsualImportsCompileTogether()
    {
        // Every name below is resolved with Microsoft.ML, Microsoft.ML.Data, MLNetDeep, MLNetDeep.Trainers and MLNetDeep.Serving imported.
        var ml = new MLContext(seed: 1);
        IEstimator<ITransformer> trainer = ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { NumberOfEpochs = 1 });
        DataViewSchema? schema = null;
        PredictionPool<TestModels.Point, TestModels.Prediction>? pool = null;
        ModelServerOptions options = new();
        Assert.IsNotNull(trainer);
        Assert.IsNull(schema);
        Assert.IsNull(pool);
        Assert.AreEqual("http://127.0.0.1:5000", options.Urls);
    }

    private static string SimpleName(Type type) => type.Name.Split('`')[0];
}
