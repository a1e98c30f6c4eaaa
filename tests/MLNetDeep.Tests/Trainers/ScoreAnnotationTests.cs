namespace MLNetDeep.Tests.Trainers;

using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// The annotations on the trainers' output columns, compared with those of ML.NET's own trainer for the task on the same
/// data (ScoreColumnSetId, ScoreColumnKind, ScoreValueKind, KeyValues, SlotNames, ...), after Fit and after a save and
/// load. ML.NET 6.0 has no transformer that saves itself and can put an annotation on a Single column it computes
/// (<c>CustomMapping</c> saves only its contract name; the prediction transformers' constructors are internal), so the
/// ones listed in <see cref="Lacking"/> are missing; docs/model-format.md lists the same.
/// </summary>
[TestClass]
public sealed class ScoreAnnotationTests
{
    private static readonly Dictionary<string, string[]> Lacking = new()
    {
        ["binary"] =
        [
            "Score.ScoreColumnSetId", "Score.ScoreColumnKind", "Score.ScoreValueKind",
            "Probability.ScoreColumnSetId", "Probability.ScoreColumnKind", "Probability.ScoreValueKind", "Probability.IsNormalized",
            "PredictedLabel.ScoreColumnSetId", "PredictedLabel.ScoreColumnKind", "PredictedLabel.ScoreValueKind",
        ],
        ["multiclass"] = ["Score.ScoreColumnSetId", "Score.ScoreColumnKind", "Score.ScoreValueKind", "Score.TrainingLabelValues"],
        ["regression"] = ["Score.ScoreColumnSetId", "Score.ScoreColumnKind", "Score.ScoreValueKind"],
    };

    [TestMethod]
    [DataRow("binary")]
    [DataRow("multiclass")]
    [DataRow("regression")]
    public void Output_columns_carry_the_annotations_of_MLNETs_own_trainer_after_Fit_and_after_Load(string task)
    {
        TrainerCase c = TrainerCase.For(task);
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(c.Rows(150, seed: 1));
        IEstimator<ITransformer> stock = task switch
        {
            "binary" => ml.BinaryClassification.Trainers.SdcaLogisticRegression(),
            "multiclass" => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(),
            _ => ml.Regression.Trainers.Sdca(labelColumnName: c.LabelColumn),
        };
        string[] stocks = Annotations(c.Prefix(ml).Append(stock).Fit(data).GetOutputSchema(data.Schema));
        string[] lacking = Lacking[task];
        CollectionAssert.IsSubsetOf(lacking, stocks.Select(a => a.Split(':')[0]).ToArray(), "ML.NET's trainer writes each of them");
        string[] expected = stocks.Where(a => !lacking.Contains(a.Split(':')[0])).ToArray();

        using var fitted = (IDisposable)c.Pipeline(ml, o => o with { NumberOfEpochs = 1 }).Fit(data);
        CollectionAssert.AreEquivalent(expected, Annotations(((ITransformer)fitted).GetOutputSchema(data.Schema)), "after Fit");
        using var stream = new MemoryStream();
        ml.Model.Save((ITransformer)fitted, data.Schema, stream);
        stream.Position = 0;
        using var loaded = (IDisposable)ml.Model.Load(stream, out _);
        CollectionAssert.AreEquivalent(expected, Annotations(((ITransformer)loaded).GetOutputSchema(data.Schema)), "after Load");
    }

    [TestMethod]
    public void A_multiclass_PredictedLabel_after_another_trainers_scores_is_numbered_as_the_next_score_set_like_MLNETs()
    {
        TrainerCase c = TrainerCase.For("multiclass");
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(c.Rows(150, seed: 1));
        IEstimator<ITransformer> Stock() => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy();
        ITransformer stockTwice = c.Prefix(ml).Append(Stock()).Append(Stock()).Fit(data);
        uint stockSecond = SetId(stockTwice.GetOutputSchema(data.Schema)["PredictedLabel"]);
        Assert.AreEqual(2u, stockSecond, "ML.NET numbers the second trainer's set one past the first's");

        using var fitted = (IDisposable)c.Prefix(ml).Append(Stock()).Append(c.Trainer(ml, o => o with { NumberOfEpochs = 1 })).Fit(data);
        DataViewSchema output = ((ITransformer)fitted).GetOutputSchema(data.Schema);
        Assert.AreEqual(stockSecond, SetId(output["PredictedLabel"]), "after Fit");
        Assert.AreEqual(1u, SetId(output.Single(col => col.IsHidden && col.Name == "PredictedLabel")), "the stock trainer's hidden PredictedLabel keeps set 1");
        using var stream = new MemoryStream();
        ml.Model.Save((ITransformer)fitted, data.Schema, stream);
        stream.Position = 0;
        using var loaded = (IDisposable)ml.Model.Load(stream, out _);
        Assert.AreEqual(stockSecond, SetId(((ITransformer)loaded).GetOutputSchema(data.Schema)["PredictedLabel"]), "after Load");

        using var alone = (IDisposable)c.Pipeline(ml, o => o with { NumberOfEpochs = 1 }).Fit(data);
        Assert.AreEqual(1u, SetId(((ITransformer)alone).GetOutputSchema(data.Schema)["PredictedLabel"]), "the first trainer's set is 1");
    }

    private static uint SetId(DataViewSchema.Column column) => Get<uint>(column.Annotations, column.Annotations.Schema["ScoreColumnSetId"]);

    // Each annotation of the trainer's output columns as "Column.Kind: Type = value".
    private static string[] Annotations(DataViewSchema schema) =>
        new[] { "Score", "Probability", "PredictedLabel" }.Select(schema.GetColumnOrNull).OfType<DataViewSchema.Column>()
            .SelectMany(c => c.Annotations.Schema.Select(a => $"{c.Name}.{a.Name}: {a.Type} = {Value(c.Annotations, a)}")).ToArray();

    private static string Value(DataViewSchema.Annotations annotations, DataViewSchema.Column a) => a.Type switch
    {
        TextDataViewType => Get<ReadOnlyMemory<char>>(annotations, a).ToString(),
        BooleanDataViewType => Get<bool>(annotations, a).ToString(),
        KeyDataViewType => Get<uint>(annotations, a).ToString(System.Globalization.CultureInfo.InvariantCulture),
        VectorDataViewType { ItemType: TextDataViewType } => string.Join(",", Get<VBuffer<ReadOnlyMemory<char>>>(annotations, a).DenseValues()),
        _ => throw new AssertFailedException($"annotation {a.Name} of an unexpected type {a.Type}"),
    };

    private static T Get<T>(DataViewSchema.Annotations annotations, DataViewSchema.Column a)
    {
        T value = default!;
        annotations.GetValue(a.Name, ref value);
        return value;
    }
}
