namespace MLNetDeep.Tests.Featurization;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Featurization;

[TestClass]
public sealed class LabelPreparationTests
{
    [TestMethod]
    [DataRow("no,yes,no,yes,", "no", "yes")]
    [DataRow("2,10,2,10,NaN", "2", "10")]
    [DataRow("True,False,False,True,", "False", "True")]
    [DataRow("b,a,b,a,", "a", "b")]
    public void Binary_the_larger_of_two_values_is_positive(string labels, string negative, string positive)
    {
        var ml = new MLContext(seed: 1);
        string[] values = labels.Split(',');
        bool numeric = values.All(v => v is "" or "NaN" || float.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out _));
        IDataView data = Load(ml, values, numeric);
        ITransformer prepared = ml.Transforms.PrepareLabel(FeedForwardTask.BinaryClassification, "y").Fit(data);
        IDataView view = prepared.Transform(data);
        Assert.AreEqual(BooleanDataViewType.Instance, view.Schema["y"].Type);
        LabelClasses classes = LabelClasses.FromSchema(view.Schema, "y")!;
        Assert.AreEqual(negative, classes.Negative);
        Assert.AreEqual(positive, classes.Positive);
        bool[] expected = values.Take(4).Select(v => v == positive).ToArray();
        CollectionAssert.AreEqual(expected, view.GetColumn<bool>("y").Take(4).ToArray());
        Assert.AreEqual(0u, view.GetColumn<uint>("yKey").Last(), "the missing label has the missing key");
        Assert.AreEqual(4, ml.Data.FilterRowsByMissingValues(view, "yKey").GetColumn<bool>("y").Count(), "and is dropped by ML.NET's filter");
    }

    [TestMethod]
    public void Binary_needs_exactly_two_values_and_says_which_it_found()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = Load(ml, ["a", "b", "c", "a"], numeric: false);
        var e = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.PrepareLabel(FeedForwardTask.BinaryClassification, "y").Fit(data));
        StringAssert.Contains(e.Message, "label column 'y'");
        StringAssert.Contains(e.Message, "'a', 'b', 'c'");
        e = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.PrepareLabel(FeedForwardTask.Regression, "y").Fit(data));
        StringAssert.Contains(e.Message, "holds text such as 'a'");
    }

    [TestMethod]
    public void Multiclass_keys_are_sorted_by_value_and_predictions_map_back()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = Load(ml, ["10", "9", "100", "9", ""], numeric: true);
        IDataView view = ml.Transforms.PrepareLabel(FeedForwardTask.MulticlassClassification, "y").Fit(data).Transform(data);
        Assert.AreEqual(3ul, ((KeyDataViewType)view.Schema["y"].Type).Count);
        LabelClasses classes = LabelClasses.FromSchema(view.Schema, "y")!;
        CollectionAssert.AreEqual(new[] { "9", "10", "100" }, classes.Values.ToArray(), "numeric order, not text order");
        CollectionAssert.AreEqual(new uint[] { 2, 1, 3, 1, 0 }, view.GetColumn<uint>("y").ToArray());
        IDataView back = ml.Transforms.Conversion.MapKeyToValue("back", "y").Fit(view).Transform(view);
        CollectionAssert.AreEqual(new[] { 10f, 9f, 100f, 9f }, back.GetColumn<float>("back").Take(4).ToArray());
    }

    [TestMethod]
    public void The_output_schema_is_known_before_fitting_and_matches_the_fitted_one()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = Load(ml, ["no", "yes"], numeric: false);
        foreach (FeedForwardTask task in new[] { FeedForwardTask.BinaryClassification, FeedForwardTask.MulticlassClassification })
        {
            LabelPreparationEstimator estimator = ml.Transforms.PrepareLabel(task, "y");
            SchemaShape shape = estimator.GetOutputSchema(MLNetDeep.Tests.Trainers.ShapeProbe.Of(data.Schema));
            DataViewSchema fitted = estimator.Fit(data).GetOutputSchema(data.Schema);
            CollectionAssert.AreEqual(fitted.Where(c => !c.IsHidden).Select(c => c.Name).ToArray(), shape.Select(c => c.Name).ToArray(), task.ToString());
            foreach (SchemaShape.Column c in shape)
            {
                DataViewType type = fitted[c.Name].Type;
                Assert.AreEqual(type is KeyDataViewType, c.IsKey, c.Name);
                Assert.AreEqual(type is KeyDataViewType ? NumberDataViewType.UInt32 : type, c.ItemType, c.Name);
            }
        }
    }

    [TestMethod]
    public void Unknown_values_in_other_data_are_an_error_naming_the_row()
    {
        var ml = new MLContext(seed: 1);
        IDataView train = Load(ml, ["no", "yes"], numeric: false);
        LabelClasses classes = LabelClasses.FromSchema(ml.Transforms.PrepareLabel(FeedForwardTask.BinaryClassification, "y").Fit(train).GetOutputSchema(train.Schema), "y")!;
        classes.CheckValues(Load(ml, ["yes", "", "NA", "no"], numeric: false), "ok.csv");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => classes.CheckValues(Load(ml, ["yes", "maybe"], numeric: false), "new.csv"));
        StringAssert.Contains(e.Message, "new.csv, data row 2: label 'maybe' in column 'y'");
    }

    [TestMethod]
    public void A_missing_label_column_names_the_parameter_and_the_value()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = Load(ml, ["no", "yes"], numeric: false);
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.PrepareLabel(FeedForwardTask.BinaryClassification, "Label").Fit(data));
        Assert.AreEqual("labelColumnName", e.ParamName, "the parameter, not the column's name");
        Assert.AreEqual("Label", e.ActualValue);
        StringAssert.Contains(e.Message, "there is no label column 'Label' (columns: y)");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.PrepareLabel(FeedForwardTask.MulticlassClassification, "Label").GetOutputSchema(MLNetDeep.Tests.Trainers.ShapeProbe.Of(data.Schema)));
        Assert.AreEqual("labelColumnName", Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.PrepareLabel(FeedForwardTask.Regression, "")).ParamName);
    }

    private static IDataView Load(MLContext ml, string[] labels, bool numeric) => numeric
        ? ml.Data.LoadFromEnumerable(labels.Select(l => new NumberRow { Y = l is "" or "NaN" ? float.NaN : float.Parse(l, System.Globalization.CultureInfo.InvariantCulture) }))
        : ml.Data.LoadFromEnumerable(labels.Select(l => new TextRow { Y = l }));

    private sealed class NumberRow
    {
        [ColumnName("y")]
        public float Y { get; set; }
    }

    private sealed class TextRow
    {
        [ColumnName("y")]
        public string Y { get; set; } = "";
    }
}
