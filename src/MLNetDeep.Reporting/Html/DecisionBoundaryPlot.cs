namespace MLNetDeep.Reporting.Html;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Reporting.Charts;

/// <summary>
/// The decision boundary of a classifier over two Single input columns: a grid over their plane, as a data view with
/// those two columns (and the label column when the model reads it), scored by the whole model (so its transforms apply
/// as for real rows), with the points of the evaluated data on top.
/// </summary>
internal static class DecisionBoundaryPlot
{
    /// <summary>The chart, or null with <paramref name="problem"/> saying why it cannot be drawn.</summary>
    public static string? Render(MLContext context, ITransformer model, DataViewSchema? inputSchema, IDataView scored, string x, string y, string label,
        FeedForwardTask task, IReadOnlyList<string> classNames, string dataName, out string? problem)
    {
        problem = null;
        DataViewSchema.Column? labelColumn = scored.Schema.GetColumnOrNull(label);
        if (labelColumn is not { } l || !(LabelValues.IsClassLabel(l) || (task == FeedForwardTask.BinaryClassification && l.Type == NumberDataViewType.Single)))
        {
            problem = $"the label column '{label}' is not a class label the points can be coloured by.";
            return null;
        }

        List<LabeledPoint> points = Points(scored, x, y, l);
        bool binary = task == FeedForwardTask.BinaryClassification;
        try
        {
            return DecisionBoundaryChart.Render((xs, ys) => Score(context, model, inputSchema, x, y, label, xs, ys, binary), points, new DecisionBoundaryOptions
            {
                Title = $"Decision boundary on {Path.GetFileName(dataName)}",
                XLabel = x,
                YLabel = y,
                ClassNames = classNames.Count > 0 ? classNames : null,
                Probability = binary,
            });
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            problem = $"the model cannot score a plane of its two inputs alone ({e.Message}).";
            return null;
        }
    }

    private static List<LabeledPoint> Points(IDataView scored, string x, string y, DataViewSchema.Column label)
    {
        var (classes, _) = LabelValues.Read(scored, label);
        IReadOnlyList<object> xs = DataViewValues.Read(scored, scored.Schema[x]), ys = DataViewValues.Read(scored, scored.Schema[y]);
        return classes.Select((c, i) => new LabeledPoint((float)xs[i], (float)ys[i], c)).ToList();
    }

    /// <summary>The probability of the positive class (binary) or the predicted class index (multiclass) at every grid point.</summary>
    private static double[] Score(MLContext context, ITransformer model, DataViewSchema? inputSchema, string x, string y, string label,
        IReadOnlyList<double> xs, IReadOnlyList<double> ys, bool binary)
    {
        IDataView output = model.Transform(Grid(context, inputSchema, x, y, label, xs, ys));
        DataViewSchema.Column column = output.Schema[binary ? (output.Schema.GetColumnOrNull("Probability") is null ? "Score" : "Probability") : "PredictedLabel"];
        return DataViewValues.Read(output, column).Select(v => v switch
        {
            float p when column.Name == "Score" => 1 / (1 + Math.Exp(-p)), // a logit
            float p => p,
            _ => (uint)v is var k && k == 0 ? double.NaN : k - 1,
        }).ToArray();
    }

    /// <summary>
    /// The grid as the model reads it: the two inputs and, when the model's input schema has the label column (a
    /// pipeline that prepares its own label, such as ML.NET's usual <c>MapValueToKey</c> before a multiclass trainer), the
    /// label too, empty (text), false or NaN, so that the pipeline's label steps find their column.
    /// </summary>
    private static IDataView Grid(MLContext context, DataViewSchema? inputSchema, string x, string y, string label, IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        DataViewType? labelType = inputSchema?.GetColumnOrNull(label)?.Type;
        return labelType switch
        {
            TextDataViewType => Grid(context, x, y, label, xs, ys, ""),
            BooleanDataViewType => Grid(context, x, y, label, xs, ys, false),
            _ when labelType == NumberDataViewType.Single => Grid(context, x, y, label, xs, ys, float.NaN),
            _ => Grid(context, x, y, null, xs, ys, 0f),
        };
    }

    private static IDataView Grid<T>(MLContext context, string x, string y, string? label, IReadOnlyList<double> xs, IReadOnlyList<double> ys, T missing)
    {
        SchemaDefinition definition = SchemaDefinition.Create(typeof(GridPoint<T>));
        definition[nameof(GridPoint<T>.X)].ColumnName = x;
        definition[nameof(GridPoint<T>.Y)].ColumnName = y;
        if (label is null)
        {
            definition.Remove(definition[nameof(GridPoint<T>.Label)]);
        }
        else
        {
            definition[nameof(GridPoint<T>.Label)].ColumnName = label;
        }

        return context.Data.LoadFromEnumerable(xs.Select((v, i) => new GridPoint<T> { X = (float)v, Y = (float)ys[i], Label = missing }).ToArray(), definition);
    }

    /// <summary>A grid point (its columns are renamed to the model's two inputs and its label).</summary>
    private sealed class GridPoint<T>
    {
        public float X { get; set; }

        public float Y { get; set; }

        public T Label { get; set; } = default!;
    }
}
