namespace MLNetDeep.Reporting.Tests.Charts;

using System.Xml.Linq;
using Microsoft.ML;
using MLNetDeep.Reporting.Charts;

/// <summary>The decision boundary of a real trained pipeline, scored through a prediction engine.</summary>
[TestClass]
public sealed class DecisionBoundaryModelTests
{
    public sealed class Point
    {
        public float X1 { get; set; }

        public float X2 { get; set; }

        public bool Label { get; set; }
    }

    public sealed class Prediction
    {
        public float Probability { get; set; }
    }

    [TestMethod]
    public Task A_prediction_engine_draws_both_sides_of_its_boundary() => OwnThread.Run(() =>
    {
        // Label: above the line x2 = x1. Well separated, so a small network learns it in a few epochs.
        var rng = new Random(5);
        Point[] rows = Enumerable.Range(0, 200).Select(_ =>
        {
            float a = (float)(rng.NextDouble() * 4 - 2), b = (float)(rng.NextDouble() * 4 - 2);
            return new Point { X1 = a, X2 = b, Label = b > a };
        }).ToArray();
        var ctx = new MLContext(seed: 1);
        IDataView data = ctx.Data.LoadFromEnumerable(rows);
        ITransformer model = ctx.Transforms.Concatenate("Features", "X1", "X2")
            .Append(ctx.BinaryClassification.Trainers.FeedForward(hiddenLayers: [8], numberOfEpochs: 40)).Fit(data);
        var engine = ctx.Model.CreatePredictionEngine<Point, Prediction>(model);

        int calls = 0;
        string svg = DecisionBoundaryChart.Render((x, y) =>
        {
            calls++;
            return engine.Predict(new Point { X1 = (float)x, X2 = (float)y }).Probability;
        }, rows.Select(r => new LabeledPoint(r.X1, r.X2, r.Label ? 1 : 0)).ToArray(), new DecisionBoundaryOptions { Probability = true, Resolution = 24, ClassNames = ["below", "above"] });

        Assert.AreEqual(24 * 24, calls);
        XElement root = SvgAssert.Parse(svg, "decision-boundary");
        Assert.AreEqual(200, root.Series("below").Points() + root.Series("above").Points());
        // Top-left of the plane (x1 low, x2 high) is "above", bottom-right "below": their cells differ in colour.
        XElement[] cells = root.WithClass("boundary").Single().Elements().ToArray();
        string Fill(XElement e) => (string)e.Attribute("fill")!;
        double Y(XElement e) => double.Parse((string)e.Attribute("y")!, System.Globalization.CultureInfo.InvariantCulture);
        double X(XElement e) => double.Parse((string)e.Attribute("x")!, System.Globalization.CultureInfo.InvariantCulture);
        XElement topLeft = cells.OrderBy(Y).ThenBy(X).First();
        XElement bottomRight = cells.OrderByDescending(Y).ThenByDescending(e => X(e) + double.Parse((string)e.Attribute("width")!, System.Globalization.CultureInfo.InvariantCulture)).First();
        Assert.AreNotEqual(Fill(topLeft), Fill(bottomRight));
        Assert.AreEqual("#f28e2b", Fill(root.Series("above").Elements(SvgAssert.Ns + "circle").First()), "class 1's colour");
    });
}
