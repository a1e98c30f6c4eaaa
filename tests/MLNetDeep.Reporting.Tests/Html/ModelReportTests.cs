namespace MLNetDeep.Reporting.Tests.Html;

using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Reporting.Html;
using MLNetDeep.Trainers;

/// <summary>Reports of ML.NET models: MLNetDeep's (training record) and another trainer's (what can be shown, and what cannot).</summary>
[TestClass]
public sealed class ModelReportTests
{
    public sealed class Point
    {
        public float X1 { get; set; }

        public float X2 { get; set; }

        public bool Label { get; set; }

        public float Value { get; set; }
    }

    private static Point[] Points(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ =>
        {
            float a = (float)(rng.NextDouble() * 4 - 2), b = (float)(rng.NextDouble() * 4 - 2);
            return new Point { X1 = a, X2 = b, Label = b > a * a - 1, Value = 3 * a - b + 10 };
        }).ToArray();
    }

    /// <summary>Fits, saves and loads <paramref name="pipeline"/> as a user would: the report reads the loaded model.</summary>
    private static (MLContext Context, ITransformer Model, DataViewSchema Input, IDataView Test) Loaded(Func<MLContext, IEstimator<ITransformer>> pipeline)
    {
        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadFromEnumerable(Points(300, 1)), test = ml.Data.LoadFromEnumerable(Points(100, 2));
        ITransformer fitted = pipeline(ml).Fit(train);
        string path = Path.Combine(Directory.CreateTempSubdirectory("mlnetdeep-report-").FullName, "model.zip");
        ml.Model.Save(fitted, ml.Data.LoadFromEnumerable(Points(1, 3)).Schema, path);
        return (ml, ml.Model.LoadChecked(path, out DataViewSchema input), input, test);
    }

    private static int Count(string html, string pattern) => Regex.Matches(html, pattern).Count;

    [TestMethod]
    public Task A_classifier_trained_with_class_weights_shows_them_as_resolved_by_class() => OwnThread.Run(() =>
    {
        var (ml, model, input, test) = Loaded(ml => ml.Transforms.Concatenate("Features", "X1", "X2")
            .Append(ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { HiddenLayers = [4], NumberOfEpochs = 1, ClassWeights = ClassWeights.Of(1, 3) })));
        string html = new ModelReport(ml, model, DataViewSchema(input, "X1", "X2")).Create(test, "test.csv", "model.zip").ToString();
        StringAssert.Contains(html, "<td>class weights (resolved)</td>");
        StringAssert.Contains(html, "<td>false: 1, true: 3</td>");
    });

    [TestMethod]
    public Task An_MLNetDeep_classifier_gets_every_section_from_its_training_record_and_MLNETs_evaluator() => OwnThread.Run(() =>
    {
        var (ml, model, input, test) = Loaded(ml => ml.Transforms.Concatenate("Features", "X1", "X2")
            .Append(ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { HiddenLayers = [16], NumberOfEpochs = 15, BatchSize = 32 })));
        var report = new ModelReport(ml, model, DataViewSchema(input, "X1", "X2"));
        Assert.IsNotNull(report.Info);
        string html = report.Create(test, "test.csv", "model.zip").ToString();

        foreach (string chart in new[] { "loss", "metric", "learning-rate", "confusion-matrix", "decision-boundary" })
        {
            Assert.AreEqual(1, Count(html, $"data-chart=\"{chart}\""), chart);
        }

        StringAssert.Contains(html, "binary classification evaluator");
        StringAssert.Contains(html, "<td>AreaUnderRocCurve</td>");
        StringAssert.Contains(html, "<td>LearningRate</td>", "the options from the training record");
        StringAssert.Contains(html, "<td>EarlyStoppingPatience</td><td>(unset)</td>", "an unset option as info says it (before: an empty cell)");
        StringAssert.Contains(html, "an MLNetDeep binary classifier");
        StringAssert.Contains(html, "OnnxTransformer", "the model's transformers are listed");
        Assert.AreEqual(0, Count(html, "holds no MLNetDeep training record"));
        StringAssert.Contains(html, "class=\"label-distribution\"");
    });

    [TestMethod]
    public Task A_model_of_another_trainer_shows_its_evaluation_and_says_what_it_cannot_show() => OwnThread.Run(() =>
    {
        var (ml, model, input, test) = Loaded(ml => ml.Transforms.Concatenate("Features", "X1", "X2")
            .Append(ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 20, numberOfLeaves: 4, minimumExampleCountPerLeaf: 2)));
        var report = new ModelReport(ml, model, DataViewSchema(input, "X1", "X2"));
        Assert.IsNull(report.Info);
        var page = new HtmlReport("FastTree");
        IReadOnlyDictionary<string, double> metrics = report.AddEvaluation(page, test, "test.csv");
        report.AddTraining(page);
        report.AddOptions(page);
        report.AddModel(page, "fasttree.zip");
        string html = page.ToString();

        Assert.IsTrue(metrics["AreaUnderRocCurve"] > 0.8, $"AUC {metrics["AreaUnderRocCurve"]}");
        Assert.IsTrue(metrics.ContainsKey("LogLoss"), "FastTree is calibrated: the calibrated evaluator's metrics");
        Assert.AreEqual(1, Count(html, "data-chart=\"confusion-matrix\""));
        Assert.AreEqual(1, Count(html, "data-chart=\"decision-boundary\""), "any classifier of two inputs gets its boundary");
        Assert.AreEqual(0, Count(html, "data-chart=\"loss\""));
        StringAssert.Contains(html, "The model holds no MLNetDeep training record (it is a model of another trainer (");
        StringAssert.Contains(html, "so there are no training curves or learning-rate schedule.");
        StringAssert.Contains(html, "so its trainer&#39;s options are not known.");
        StringAssert.Contains(html, "FastTreeBinaryModelParameters");
    });

    [TestMethod]
    public Task A_regression_model_gets_the_regression_evaluator_and_no_confusion_matrix() => OwnThread.Run(() =>
    {
        var (ml, model, _, test) = Loaded(ml => ml.Transforms.Concatenate("Features", "X1", "X2")
            .Append(ml.Regression.Trainers.FeedForward(new FeedForwardRegressionTrainer.Options { LabelColumnName = "Value", HiddenLayers = [16], NumberOfEpochs = 30, BatchSize = 32 })));
        var page = new HtmlReport("regression");
        IReadOnlyDictionary<string, double> metrics = new ModelReport(ml, model).AddEvaluation(page, test, "test.csv");
        Assert.IsTrue(metrics["RSquared"] > 0.5, $"R2 {metrics["RSquared"]}");
        Assert.AreEqual(0, Count(page.ToString(), "data-chart=\"confusion-matrix\""));
        new ModelReport(ml, model).AddModel(page);
        StringAssert.Contains(page.ToString(), "label scaling", "the standardized label's scale from the training record");
    });

    [TestMethod]
    public Task A_model_without_scores_or_a_label_the_evaluator_refuses_says_why_there_are_no_metrics() => OwnThread.Run(() =>
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(Points(20, 1));
        var page = new HtmlReport("none");
        Assert.AreEqual(0, new ModelReport(ml, ml.Transforms.Concatenate("Features", "X1", "X2").Fit(data)).AddEvaluation(page, data, "d.csv").Count);
        StringAssert.Contains(page.ToString(), "No metrics: the model&#39;s output has neither a Boolean or key PredictedLabel column nor a Single Score column");

        ITransformer classifier = ml.Transforms.Concatenate("Features", "X1", "X2").Append(ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 5, minimumExampleCountPerLeaf: 2)).Fit(data);
        var other = new HtmlReport("other");
        Assert.AreEqual(0, new ModelReport(ml, classifier) { LabelColumnName = "Value" }.AddEvaluation(other, data, "d.csv").Count);
        StringAssert.Contains(other.ToString(), "ML.NET&#39;s evaluator could not score the data with label column &#39;Value&#39;");
    });

    public sealed class NamedPoint
    {
        public float X1 { get; set; }

        public float X2 { get; set; }

        public string Label { get; set; } = "";
    }

    /// <summary>
    /// ML.NET's usual multiclass pipeline maps its text label to a key inside the model, so the saved model reads the
    /// label column too: the plane is scored with the label column present (and empty), and the boundary is drawn.
    /// </summary>
    [TestMethod]
    public Task A_pipeline_that_maps_its_own_label_gets_its_decision_boundary() => OwnThread.Run(() =>
    {
        var ml = new MLContext(seed: 1);
        NamedPoint[] Named(int n, int seed) => Points(n, seed).Select(p => new NamedPoint { X1 = p.X1, X2 = p.X2, Label = p.X1 < -0.5f ? "left" : p.Label ? "up" : "down" }).ToArray();
        IDataView train = ml.Data.LoadFromEnumerable(Named(300, 1)), test = ml.Data.LoadFromEnumerable(Named(100, 2));
        ITransformer fitted = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Concatenate("Features", "X1", "X2"))
            .Append(ml.MulticlassClassification.Trainers.FeedForward(new FeedForwardMulticlassTrainer.Options { HiddenLayers = [16], NumberOfEpochs = 20, BatchSize = 32 }))
            .Fit(train);
        string path = Path.Combine(Directory.CreateTempSubdirectory("mlnetdeep-report-").FullName, "model.zip");
        ml.Model.Save(fitted, train.Schema, path);
        ITransformer model = ml.Model.Load(path, out DataViewSchema input);

        string html = new ModelReport(ml, model, input).Create(test, "test.csv", "model.zip").ToString();
        Assert.AreEqual(0, Count(html, "No decision boundary"), "the plane was scored");
        XElement chart = SvgAssert.Parse(Regex.Match(html, "<svg [^>]*data-chart=\"decision-boundary\".*?</svg>", RegexOptions.Singleline).Value, "decision-boundary");
        Assert.AreEqual(100, new[] { "left", "up", "down" }.Sum(name => chart.Series(name).Points()), "every test point, under its class name");
        Assert.IsTrue(chart.WithClass("boundary").Single().Elements().Select(e => (string?)e.Attribute("fill")).Distinct().Count() >= 2, "the plane holds more than one predicted class");
    });

    [TestMethod]
    public Task A_data_summary_counts_a_class_label() => OwnThread.Run(() =>
    {
        var ml = new MLContext(1);
        DataSummary summary = DataSummary.Of("d.csv", ml.Data.LoadFromEnumerable(Points(50, 4)), "Label");
        Assert.AreEqual(50, summary.Rows);
        CollectionAssert.AreEqual(new[] { "false", "true" }, summary.LabelCounts!.Select(c => c.Key).ToArray());
        Assert.AreEqual(50, summary.LabelCounts!.Sum(c => c.Value));
        Assert.IsNull(DataSummary.Of("d.csv", ml.Data.LoadFromEnumerable(Points(5, 4)), "Value").LabelCounts, "a numeric label has no classes");
    });

    [TestMethod]
    public Task A_data_summary_counts_a_key_label_of_any_key_type_by_its_values() => OwnThread.Run(() =>
    {
        var ml = new MLContext(1);
        // ML.NET's keys may be Byte, UInt16, UInt32 or UInt64 (LoadFromEnumerable reads a key field 0-based: 0 is key 1).
        // Key values that are dates are written in ISO 8601.
        var rows = new[] { (byte)0, (byte)1, (byte)1, (byte)2, (byte)2, (byte)2 }.Select(k => new ByteKeyRow { Class = k }).ToArray();
        var definition = SchemaDefinition.Create(typeof(ByteKeyRow));
        DateTime[] dates = [new(2026, 1, 1), new(2026, 6, 30, 12, 0, 0), new DateTime(2026, 12, 7, 19, 30, 15).AddMilliseconds(250)];
        definition["Class"].ColumnType = new KeyDataViewType(typeof(byte), 3);
        definition["Class"].AddAnnotation("KeyValues", new VBuffer<DateTime>(3, dates), new VectorDataViewType(DateTimeDataViewType.Instance, 3));
        DataSummary summary = DataSummary.Of("d.csv", ml.Data.LoadFromEnumerable(rows, definition), "Class");
        Assert.AreEqual(6, summary.Rows);
        CollectionAssert.AreEqual(new[] { "2026-01-01T00:00:00", "2026-06-30T12:00:00", "2026-12-07T19:30:15.25" }, summary.LabelCounts!.Select(c => c.Key).ToArray());
        CollectionAssert.AreEqual(new long[] { 1, 2, 3 }, summary.LabelCounts!.Select(c => c.Value).ToArray());
    });

    private sealed class ByteKeyRow
    {
        public byte Class { get; set; }
    }

    /// <summary>The part of a saved model's input schema with the named columns (the POCO's other columns are the labels).</summary>
    private static DataViewSchema DataViewSchema(DataViewSchema input, params string[] names)
    {
        var builder = new DataViewSchema.Builder();
        foreach (string name in names)
        {
            builder.AddColumn(name, input[name].Type);
        }

        return builder.ToSchema();
    }
}
