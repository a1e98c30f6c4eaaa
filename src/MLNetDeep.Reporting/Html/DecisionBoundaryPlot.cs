namespace MLNetDeep.Reporting.Html;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Reporting.Charts;

/// <summary>
/// The decision boundary of a classifier that reads exactly two Single columns: a grid over their plane, as a data view
/// with those two columns, scored by the whole model (so its transforms apply as for real rows), with the points of the
/// evaluated data on top.
/// </summary>
internal static class DecisionBoundaryPlot
{
    /// <summary>The chart, or null with <paramref name="problem"/> saying why it cannot be drawn.</summary>
    public static string? Render(MLContext context, ITransformer model, IDataView scored, string x, string y, string label, FeedForwardTask task,
        IReadOnlyList<string> classNames, string dataName, out string? problem)
    {
        problem = null;
        DataViewSchema.Column? labelColumn = scored.Schema.GetColumnOrNull(label);
        if (labelColumn is not { } l || !LabelValues.IsClassLabel(l))
        {
            problem = $"the label column '{label}' is not a class label the points can be coloured by.";
            return null;
        }

        List<LabeledPoint> points = Points(scored, x, y, l);
        bool binary = task == FeedForwardTask.BinaryClassification;
        try
        {
            return DecisionBoundaryChart.Render((xs, ys) => Score(context, model, x, y, xs, ys, binary), points, new DecisionBoundaryOptions
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
        var points = new List<LabeledPoint>(classes.Length);
        DataViewSchema.Column fx = scored.Schema[x], fy = scored.Schema[y];
        using DataViewRowCursor cursor = scored.GetRowCursor([fx, fy]);
        ValueGetter<float> gx = cursor.GetGetter<float>(fx), gy = cursor.GetGetter<float>(fy);
        float a = 0, b = 0;
        for (int i = 0; cursor.MoveNext() && i < classes.Length; i++)
        {
            gx(ref a);
            gy(ref b);
            points.Add(new LabeledPoint(a, b, classes[i]));
        }

        return points;
    }

    /// <summary>The probability of the positive class (binary) or the predicted class index (multiclass) at every grid point.</summary>
    private static double[] Score(MLContext context, ITransformer model, string x, string y, IReadOnlyList<double> xs, IReadOnlyList<double> ys, bool binary)
    {
        var schema = SchemaDefinition.Create(typeof(GridPoint));
        schema[nameof(GridPoint.X)].ColumnName = x;
        schema[nameof(GridPoint.Y)].ColumnName = y;
        IDataView grid = context.Data.LoadFromEnumerable(xs.Select((v, i) => new GridPoint { X = (float)v, Y = (float)ys[i] }), schema);
        IDataView output = model.Transform(grid);
        var result = new double[xs.Count];
        DataViewSchema.Column column = output.Schema[binary ? (output.Schema.GetColumnOrNull("Probability") is null ? "Score" : "Probability") : "PredictedLabel"];
        using DataViewRowCursor cursor = output.GetRowCursor([column]);
        int i = 0;
        if (binary)
        {
            bool logit = column.Name == "Score";
            ValueGetter<float> get = cursor.GetGetter<float>(column);
            float p = 0;
            while (cursor.MoveNext())
            {
                get(ref p);
                result[i++] = logit ? 1 / (1 + Math.Exp(-p)) : p;
            }
        }
        else
        {
            ValueGetter<uint> get = cursor.GetGetter<uint>(column);
            uint k = 0;
            while (cursor.MoveNext())
            {
                get(ref k);
                result[i++] = k == 0 ? double.NaN : k - 1;
            }
        }

        return result;
    }

    /// <summary>A grid point (its columns are renamed to the model's two inputs).</summary>
    private sealed class GridPoint
    {
        public float X { get; set; }

        public float Y { get; set; }
    }
}
