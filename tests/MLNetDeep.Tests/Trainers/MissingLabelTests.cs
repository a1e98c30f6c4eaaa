namespace MLNetDeep.Tests.Trainers;

using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNetDeep.Featurization;
using MLNetDeep.Trainers;

/// <summary>
/// Rows whose label is missing, as ML.NET's trainers treat them: skipped, counted on <c>MLContext.Log</c>, for every
/// task (a NaN Single label for binary and regression, the missing key 0 for multiclass) and through PrepareLabel.
/// </summary>
[TestClass]
public sealed class MissingLabelTests
{
    public sealed class Row
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public float Number { get; set; }

        [KeyType(3)]
        public uint Key { get; set; }

        public string Text { get; set; } = "";
    }

    // 40 rows; every 4th (10 in all) has a missing label in every label column.
    internal static Row[] Rows() => Enumerable.Range(0, 40).Select(i => new Row
    {
        Features = [i % 7, i % 5],
        Number = i % 4 == 0 ? float.NaN : i % 2,
        Key = i % 4 == 0 ? 0u : (uint)(i % 3) + 1,
        Text = i % 4 == 0 ? (i % 8 == 0 ? "" : "?") : i % 2 == 0 ? "no" : "yes",
    }).ToArray();

    /// <summary>The warnings MLNetDeep's trainers write to <paramref name="ml"/>'s log.</summary>
    internal static List<string> Warnings(MLContext ml)
    {
        var warnings = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Kind == ChannelMessageKind.Warning && e.Source.StartsWith("FeedForward", StringComparison.Ordinal))
            {
                lock (warnings)
                {
                    warnings.Add(e.RawMessage);
                }
            }
        };
        return warnings;
    }

    [TestMethod]
    [DataRow("binary", "Number")]
    [DataRow("multiclass", "Key")]
    [DataRow("regression", "Number")]
    public void Rows_with_a_missing_label_are_skipped_and_counted_on_the_log(string task, string label)
    {
        var ml = new MLContext(seed: 1);
        List<string> warnings = Warnings(ml);
        IDataView data = ml.Data.LoadFromEnumerable(Rows());
        using var model = (TransformerChain<ITransformer>)TrainerCase.For(task).Trainer(ml, o => o with { LabelColumnName = label, NumberOfEpochs = 2, ValidationFraction = 0 }).Fit(data);
        FeedForwardModelInfo info = ml.Model.GetFeedForwardInfo(model)!;
        Assert.AreEqual(30, info.TrainingRows, "the 10 rows without a label are not trained on (a binary one is not a negative)");
        Assert.AreEqual(1, warnings.Count, string.Join(" | ", warnings));
        StringAssert.Contains(warnings[0], $"Skipped 10 of 40 rows of the training data with a missing label in column '{label}'");
    }

    [TestMethod]
    public void Validation_rows_without_a_label_are_skipped_and_all_missing_names_the_column()
    {
        var ml = new MLContext(seed: 1);
        List<string> warnings = Warnings(ml);
        IDataView data = ml.Data.LoadFromEnumerable(Rows());
        var trainer = (FeedForwardTrainerBase)TrainerCase.For("regression").Trainer(ml, o => o with { LabelColumnName = "Number", NumberOfEpochs = 1 });
        using (trainer.Fit(data, data))
        {
        }

        CollectionAssert.AreEqual(new[] { "training data", "validation data" }, warnings.Select(w => w.Contains("validation", StringComparison.Ordinal) ? "validation data" : "training data").ToArray());
        IDataView unlabelled = ml.Data.LoadFromEnumerable(Rows().Select(r => new Row { Features = r.Features, Number = float.NaN }).ToArray());
        var e = Assert.ThrowsExactly<ArgumentException>(() => trainer.Fit(data, unlabelled));
        StringAssert.Contains(e.Message, "the validation data has no rows with a label in column 'Number': all 40 rows have a missing label");
    }

    [TestMethod]
    public void A_binary_label_prepared_from_text_stays_Boolean_for_every_ML_NET_trainer_and_fitting_warns_about_missing_labels()
    {
        // PrepareLabel's binary label is Boolean, the label every ML.NET binary trainer takes (SDCA's schema check refuses
        // Single), and Boolean cannot be missing: fitting says how many rows that concerns and names the filter that drops them.
        var ml = new MLContext(seed: 1);
        var logged = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Kind == ChannelMessageKind.Warning && e.Source.Contains(nameof(LabelPreparationEstimator), StringComparison.Ordinal))
            {
                lock (logged)
                {
                    logged.Add(e.Message);
                }
            }
        };
        List<string> trainerWarnings = Warnings(ml);
        IDataView data = ml.Data.LoadFromEnumerable(Rows());
        ITransformer preparation = ml.Transforms.PrepareLabel(FeedForwardTask.BinaryClassification, "Text").Fit(data);
        StringAssert.Contains(logged.Single(), "10 of 40 rows have a missing label in column 'Text'");
        StringAssert.Contains(logged.Single(), "ml.Data.FilterRowsByMissingValues(prepared, \"TextKey\")");
        Assert.AreEqual(BooleanDataViewType.Instance, preparation.GetOutputSchema(data.Schema)["Text"].Type);

        IDataView prepared = ml.Data.FilterRowsByMissingValues(preparation.Transform(data), "TextKey");
        Assert.IsNotNull(ml.BinaryClassification.Trainers.SdcaLogisticRegression("Text", "Features", maximumNumberOfIterations: 2).Fit(prepared));
        using var model = (TransformerChain<ITransformer>)TrainerCase.For("binary").Trainer(ml, o => o with { LabelColumnName = "Text", NumberOfEpochs = 2, ValidationFraction = 0 }).Fit(prepared);
        Assert.AreEqual(30, ml.Model.GetFeedForwardInfo(model)!.TrainingRows);
        Assert.IsEmpty(trainerWarnings, "the filtered data has no missing label left");
    }
}
