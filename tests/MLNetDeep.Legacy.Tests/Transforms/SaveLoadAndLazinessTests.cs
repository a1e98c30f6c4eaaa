namespace MLNetDeep.Legacy.Tests.Transforms;

using System.Text.Json.Nodes;
using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Model;
using MLNetDeep.Legacy.Transforms;
using static MLNetDeep.Legacy.Tests.Transforms.TransformTestKit;

[TestClass]
public sealed class SaveLoadAndLazinessTests
{
    private static IDataView Data(DeepContext ctx) => ctx.Data.LoadFromEnumerable(new[]
    {
        new Row { X = -2, V = [1, float.NaN], Cat = "b", D = 0.25, I = 3, L = 9, B = true },
        new Row { X = float.NaN, V = [2, 5], Cat = "a", D = double.NaN, I = 1, L = 8, B = false },
        new Row { X = 4, V = [3, 5], Cat = "", D = 1.5, I = 3, L = 7, B = true },
        new Row { X = 1, V = [float.NaN, 7], Cat = "c", D = -1, I = 2, L = 9, B = false },
    });

    /// <summary>One estimator of every transform kind (and every mode that changes what is saved).</summary>
    private static IEnumerable<IEstimator<ITransformer>> Estimators(DeepContext ctx)
    {
        TransformsCatalog t = ctx.Transforms;
        yield return t.Concatenate("F", "X", "V", "I");
        yield return t.NormalizeMinMax("N", "X");
        yield return t.NormalizeMinMax("V", fixZero: false);
        yield return t.NormalizeMeanVariance("N", "V");
        yield return t.NormalizeMeanVariance("N", "X", fixZero: false);
        yield return t.NormalizeMeanVariance("N", "V", useCdf: true);
        yield return t.Conversion.MapValueToKey("K", "Cat");
        yield return t.Conversion.MapValueToKey("K", "X", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue);
        yield return t.Conversion.MapValueToKey("K", "D");
        yield return t.Conversion.MapValueToKey("K", "L", addKeyValueAnnotationsAsText: true);
        yield return t.Conversion.MapValueToKey("K", "B").Append(t.Conversion.MapKeyToValue("Back", "K"));
        yield return t.Conversion.MapValueToKey("K", "I").Append(t.Conversion.MapKeyToValue("Back", "K"));
        yield return t.Categorical.OneHotEncoding("O", "Cat");
        yield return t.Categorical.OneHotEncoding("O", "I", OneHotEncodingEstimator.OutputKind.Key);
        yield return t.ReplaceMissingValues("R", "X", MissingValueReplacingEstimator.ReplacementMode.Mean);
        yield return t.ReplaceMissingValues("V", replacementMode: MissingValueReplacingEstimator.ReplacementMode.Maximum);
        yield return t.ReplaceMissingValues("V", replacementMode: MissingValueReplacingEstimator.ReplacementMode.Minimum, imputeBySlot: false);
        yield return t.ReplaceMissingValues("D", replacementMode: MissingValueReplacingEstimator.ReplacementMode.Mean);
        yield return t.SelectColumns("Cat", "X");
        yield return t.DropColumns("V");
    }

    [TestMethod]
    public void EveryTransformerGivesTheSameOutputAfterSaveAndLoad()
    {
        var ctx = new DeepContext();
        IDataView data = Data(ctx);
        var kinds = new HashSet<string>();
        foreach (IEstimator<ITransformer> estimator in Estimators(ctx))
        {
            ITransformer fitted = estimator.Fit(data);
            IDataView expectedAll = data;
            IDataView actualAll = data;
            foreach (ITransformer step in fitted as IEnumerable<ITransformer> ?? [fitted])
            {
                kinds.Add(((IStepTransformer)step).Kind);
                ITransformer loaded = SaveAndLoad(step, actualAll.Schema);
                Assert.AreEqual(step.GetType(), loaded.GetType());
                expectedAll = step.Transform(expectedAll);
                actualAll = loaded.Transform(actualAll);
            }

            AssertSameData(expectedAll, actualAll);
        }

        CollectionAssert.AreEquivalent(TransformKinds.Loaders.Keys.ToArray(), kinds.ToArray(), "every registered kind is exercised");
    }

    [TestMethod]
    public void TransformReadsNothingUntilTheResultIsRead()
    {
        var ctx = new DeepContext();
        IDataView data = Data(ctx);
        foreach (IEstimator<ITransformer> estimator in Estimators(ctx))
        {
            ITransformer fitted = estimator.Fit(data);
            var counting = new CountingDataView(data);
            IDataView output = fitted.Transform(counting);
            _ = output.Schema;
            _ = fitted.GetOutputSchema(counting.Schema);
            Assert.AreEqual(0, counting.CursorsOpened, $"{fitted.GetType().Name}: Transform opened a cursor");
            _ = AsText(output, output.Schema.VisibleNames.Last());
            Assert.AreEqual(4, counting.RowsRead, $"{fitted.GetType().Name}: reading the output reads each row once");
        }
    }

    [TestMethod]
    public void LoadErrorsNameTheStepAndTheField()
    {
        var ctx = new DeepContext();
        IDataView data = Data(ctx);
        var step = (IStepTransformer)ctx.Transforms.NormalizeMinMax("N", "V").Fit(data);
        var tensors = new TensorWriter();
        var save = new ModelSaveContext(tensors, "s/");
        step.Save(save);

        JsonObject badMode = JsonNode.Parse(save.State.ToJsonString())!.AsObject();
        badMode["mode"] = "Sideways";
        var e = Assert.ThrowsExactly<InvalidDataException>(() => TransformKinds.Loaders[step.Kind](new ModelLoadContext("step 3 (NormalizeMinMax)", badMode, data.Schema, tensors.ToArray(), tensors.Index, "s/")));
        StringAssert.Contains(e.Message, "Model step 3 (NormalizeMinMax): the field 'mode' has an unknown value 'Sideways'.");

        JsonObject wrongSize = JsonNode.Parse(save.State.ToJsonString())!.AsObject();
        wrongSize["size"] = 3;
        var e2 = Assert.ThrowsExactly<InvalidDataException>(() => TransformKinds.Loaders[step.Kind](new ModelLoadContext("step 3 (NormalizeMinMax)", wrongSize, data.Schema, tensors.ToArray(), tensors.Index, "s/")));
        StringAssert.Contains(e2.Message, "the tensor 'scale' holds 2 values; 3 are expected");

        var keys = (IStepTransformer)ctx.Transforms.Conversion.MapValueToKey("K", "Cat").Fit(data);
        var keySave = new ModelSaveContext(new TensorWriter(), "k/");
        keys.Save(keySave);
        JsonObject noValues = JsonNode.Parse(keySave.State.ToJsonString())!.AsObject();
        noValues.Remove("values");
        var e3 = Assert.ThrowsExactly<InvalidDataException>(() => TransformKinds.Loaders["MapValueToKey"](new ModelLoadContext("step 1 (MapValueToKey)", noValues, data.Schema, Array.Empty<byte>(), new JsonObject(), "k/")));
        StringAssert.Contains(e3.Message, "Model step 1 (MapValueToKey): the field 'values' is missing.");
    }
}
