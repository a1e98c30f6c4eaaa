namespace MLNetDeep.Tests.Featurization;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Featurization;
using MLNetDeep.Trainers;

[TestClass]
public sealed class FeaturizeColumnsTests
{
    [TestMethod]
    public void Numeric_categorical_and_text_columns_become_one_vector()
    {
        var ml = new MLContext(seed: 1);
        string csv = CsvFiles.Mixed(CsvFiles.Folder("vector"));
        CsvColumnInference inferred = ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { LabelColumnName = "y" });
        IDataView data = ml.Data.LoadFromTextFile(csv, inferred.ToTextLoaderOptions());
        ITransformer featurizer = ml.Transforms.FeaturizeColumns(inferred.Features).Fit(data);
        IDataView featurized = featurizer.Transform(data);

        var features = (VectorDataViewType)featurized.Schema["Features"].Type;
        Assert.IsTrue(features.IsKnownSize);
        Assert.IsGreaterThan(2 + 3, features.Size, "two numbers, three one-hot slots and the text's n-grams");
        CollectionAssert.AreEqual(new[] { "x1", "x2", "color", "note", "constant", "y", "Features" },
            featurized.Schema.Where(c => !c.IsHidden).Select(c => c.Name).ToArray(), "source columns kept, intermediate columns dropped");

        float[][] rows = featurized.GetColumn<float[]>("Features").ToArray();
        Assert.IsTrue(rows.All(r => r.All(float.IsFinite)), "missing x2 values are replaced by the mean");
        double mean = rows.Average(r => (double)r[0]);
        double std = Math.Sqrt(rows.Average(r => (r[0] - mean) * (r[0] - mean)));
        Assert.AreEqual(0, mean, 1e-4, "x1 (around 50) is standardized");
        Assert.AreEqual(1, std, 0.01);
        float[] colors = rows[0][2..5];
        Assert.AreEqual(1f, colors.Sum(), "one-hot: one slot set");
    }

    [TestMethod]
    public void Without_normalization_the_numbers_stay_as_they_are()
    {
        var ml = new MLContext(seed: 1);
        string csv = CsvFiles.Mixed(CsvFiles.Folder("raw"), rows: 30);
        CsvColumnInference inferred = ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { LabelColumnName = "y", FeatureColumnNames = ["x1"] });
        IDataView data = ml.Data.LoadFromTextFile(csv, inferred.ToTextLoaderOptions());
        IDataView featurized = ml.Transforms.FeaturizeColumns(inferred.Features, normalize: false).Fit(data).Transform(data);
        CollectionAssert.AreEqual(data.GetColumn<float>("x1").ToArray(), featurized.GetColumn<float[]>("Features").Select(r => r[0]).ToArray());
    }

    [TestMethod]
    public void A_label_carried_by_free_text_alone_is_learned()
    {
        // Issue 12: a text column used to be dropped silently; FeaturizeText makes it a feature.
        var ml = new MLContext(seed: 1);
        string csv = CsvFiles.TextOnly(CsvFiles.Folder("text"));
        CsvColumnInference inferred = ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { LabelColumnName = "label" });
        Assert.AreEqual(CsvColumnKind.Text, inferred.Find("review")!.Kind, inferred.ToString());
        IDataView data = ml.Data.LoadFromTextFile(csv, inferred.ToTextLoaderOptions());
        var split = ml.Data.StratifiedTrainTestSplit(data, "label", testFraction: 0.3, seed: 1);
        var pipeline = ml.Transforms.PrepareLabel(FeedForwardTask.BinaryClassification, "label")
            .Append(ml.Transforms.FeaturizeColumns(inferred.Features))
            .Append(ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options
            {
                LabelColumnName = "label", HiddenLayers = [16], NumberOfEpochs = 30, BatchSize = 16, LearningRate = 0.01f, Seed = 1,
            }));
        using var model = (IDisposable)pipeline.Fit(split.TrainSet);
        var metrics = ml.BinaryClassification.Evaluate(((ITransformer)model).Transform(split.TestSet), "label");
        Assert.IsGreaterThan(0.9, metrics.Accuracy);
    }

    [TestMethod]
    public void The_whole_pipeline_saves_and_loads_with_MLNET_and_scores_the_same()
    {
        var ml = new MLContext(seed: 1);
        string folder = CsvFiles.Folder("save");
        string csv = CsvFiles.Mixed(folder);
        CsvColumnInference inferred = ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { LabelColumnName = "y" });
        IDataView data = ml.Data.LoadFromTextFile(csv, inferred.ToTextLoaderOptions());
        var pipeline = ml.Transforms.PrepareLabel(FeedForwardTask.BinaryClassification, "y")
            .Append(ml.Transforms.FeaturizeColumns(inferred.Features))
            .Append(ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { LabelColumnName = "y", HiddenLayers = [8], NumberOfEpochs = 5, Seed = 2 }));
        var model = pipeline.Fit(data);
        string path = Path.Combine(folder, "model.zip");
        ml.Model.Save(model, data.Schema, path);
        float[] before = model.Transform(data).GetColumn<float>("Score").ToArray();

        var fresh = new MLContext(seed: 5);
        ITransformer loaded = fresh.Model.Load(path, out DataViewSchema schema);
        IDataView scored = loaded.Transform(fresh.Data.LoadFromTextFile(csv, inferred.ToTextLoaderOptions()));
        CollectionAssert.AreEqual(before, scored.GetColumn<float>("Score").ToArray());
        LabelClasses classes = LabelClasses.FromSchema(scored.Schema, "y")!;
        CollectionAssert.AreEqual(new[] { "no", "yes" }, classes.Values.ToArray(), "the classes travel in the saved model");
        Assert.AreEqual("yes", classes.Positive);
        Assert.AreEqual(6, schema.Count);
        (model as IDisposable)?.Dispose();
        (loaded as IDisposable)?.Dispose();
    }

    [TestMethod]
    public void A_multiclass_pipeline_from_a_CSV_predicts_class_names_through_a_PredictionEngine_after_a_reload()
    {
        var ml = new MLContext(seed: 1);
        string folder = CsvFiles.Folder("engine");
        var rng = new Random(4);
        var sb = new System.Text.StringBuilder("size,color,animal\n");
        string[] animals = ["bird", "cat", "dog"];
        for (int i = 0; i < 240; i++)
        {
            int k = i % 3;
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"{CsvFiles.F(k * 10 + CsvFiles.Gauss(rng))},{(k == 2 ? "brown" : rng.Next(2) == 0 ? "grey" : "white")},{animals[k]}\n");
        }

        string csv = CsvFiles.Write(folder, "animals.csv", sb.ToString());
        CsvColumnInference inferred = ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { LabelColumnName = "animal" });
        IDataView data = ml.Data.LoadFromTextFile(csv, inferred.ToTextLoaderOptions());
        StratifiedTrainTestData split = ml.Data.StratifiedTrainTestSplit(data, "animal", testFraction: 0.25, seed: 1);
        var pipeline = ml.Transforms.PrepareLabel(FeedForwardTask.MulticlassClassification, "animal")
            .Append(ml.Transforms.FeaturizeColumns(inferred.Features))
            .Append(ml.MulticlassClassification.Trainers.FeedForward(new FeedForwardMulticlassTrainer.Options { LabelColumnName = "animal", HiddenLayers = [8], NumberOfEpochs = 30, BatchSize = 16, LearningRate = 0.01f, Seed = 1 }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedAnimal", "PredictedLabel"));
        var model = pipeline.Fit(split.TrainSet);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet), "animal");
        Assert.IsGreaterThan(0.95, metrics.MicroAccuracy);
        string path = Path.Combine(folder, "model.zip");
        ml.Model.Save(model, data.Schema, path);
        model.Dispose();

        var fresh = new MLContext(seed: 9);
        ITransformer loaded = fresh.Model.Load(path, out _);
        var engine = fresh.Model.CreatePredictionEngine<Animal, AnimalPrediction>(loaded);
        // A class the model never saw and a missing label do not matter for a prediction.
        Assert.AreEqual("bird", engine.Predict(new Animal { Size = 0.2f, Color = "white", Label = "fish" }).PredictedAnimal);
        Assert.AreEqual("cat", engine.Predict(new Animal { Size = 10.1f, Color = "grey", Label = "" }).PredictedAnimal);
        AnimalPrediction dog = engine.Predict(new Animal { Size = 19.5f, Color = "brown", Label = "bird" });
        Assert.AreEqual("dog", dog.PredictedAnimal);
        Assert.AreEqual(3, dog.Score.Length);
        Assert.AreEqual(1f, dog.Score.Sum(), 1e-4f);
        CollectionAssert.AreEqual(new[] { "bird", "cat", "dog" }, LabelClasses.FromSchema(loaded.GetOutputSchema(data.Schema), "animal")!.Values.ToArray(), "key k is Values[k - 1], the same for every data");
        (loaded as IDisposable)?.Dispose();
    }

    [TestMethod]
    [DataRow(DataKind.Double)]
    [DataRow(DataKind.Int32)]
    [DataRow(DataKind.Int64)]
    [DataRow(DataKind.Byte)]
    public void Numeric_columns_declared_with_another_type_than_Single_are_featurized(DataKind kind)
    {
        // They failed inside ML.NET: "Concatenated columns should have the same type", or "Type 'Int32' is not supported by NAReplaceTransform".
        var ml = new MLContext(seed: 1);
        string csv = CsvFiles.Write(CsvFiles.Folder("declared"), "a.csv", "a,b,c,y\n1,0,x,yes\n2,1,y,no\n3,1,x,yes\n4,0,y,no\n");
        CsvColumnInference inferred = ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { LabelColumnName = "y", ColumnTypes = new Dictionary<string, DataKind> { ["b"] = kind } });
        Assert.AreEqual(kind, inferred.Find("b")!.DataKind);
        IDataView data = ml.Data.LoadFromTextFile(csv, inferred.ToTextLoaderOptions());
        IDataView featurized = ml.Transforms.FeaturizeColumns(inferred.Features, normalize: false).Fit(data).Transform(data);
        float[][] rows = featurized.GetColumn<float[]>("Features").ToArray();
        CollectionAssert.AreEqual(new[] { 2f, 1f, 0f, 1f }, rows[1], "a, b, then c one-hot");
        CollectionAssert.AreEqual(new[] { "a", "b", "c", "y", "Features" }, featurized.Schema.Where(c => !c.IsHidden).Select(c => c.Name).ToArray(), "no intermediate column left");
        Type raw = kind switch { DataKind.Double => typeof(double), DataKind.Int32 => typeof(int), DataKind.Int64 => typeof(long), _ => typeof(byte) };
        Assert.AreEqual(raw, featurized.Schema["b"].Type.RawType, "the source column is left as it is");
    }

    [TestMethod]
    public void Nothing_to_featurize_is_an_error()
    {
        var ml = new MLContext(seed: 1);
        var e = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.FeaturizeColumns([new CsvColumn("y", 0, CsvColumnKind.Label)]));
        StringAssert.Contains(e.Message, "nothing to featurize");
    }

    [TestMethod]
    public void A_null_column_or_a_column_without_a_name_is_an_error_naming_its_position()
    {
        // A null entry was a NullReferenceException.
        var ml = new MLContext(seed: 1);
        var x = new CsvColumn("x", 0, CsvColumnKind.Numeric);
        var e = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.FeaturizeColumns([x, null!]));
        Assert.AreEqual("columns", e.ParamName);
        StringAssert.Contains(e.Message, "columns[1] is null");
        e = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.FeaturizeColumns([new CsvColumn("", 0, CsvColumnKind.Categorical), x]));
        StringAssert.Contains(e.Message, "columns[0] is a column named ''");
    }

    private sealed class Animal
    {
        [ColumnName("size")]
        public float Size { get; set; }

        [ColumnName("color")]
        public string Color { get; set; } = "";

        [ColumnName("animal")]
        public string Label { get; set; } = "";
    }

    private sealed class AnimalPrediction
    {
        public string PredictedAnimal { get; set; } = "";

        public float[] Score { get; set; } = [];
    }
}
