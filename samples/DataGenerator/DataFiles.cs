extern alias initialization;
extern alias optimization;
extern alias regularization;

namespace MLNetDeep.Samples.DataGenerator;

using System.Globalization;
using System.Text;
using MLNetDeep.Neural.Datasets;
using MLNetDeep.Neural.Training;
using initialization::MLNetDeep.Samples.Initialization;
using optimization::MLNetDeep.Samples.Optimization;
using regularization::MLNetDeep.Samples.Regularization;

/// <summary>
/// The small 2-D data sets in data/, generated from the same calls (generators, parameters, seeds) as the course
/// samples' <c>DefaultData()</c>, so the files and the samples never disagree. data/README.md describes each file.
/// </summary>
public static class DataFiles
{
    /// <summary>Seed of spiral-train.csv (100 points per arm, 3 arms, angle noise 0.2).</summary>
    public const long SpiralTrainSeed = 1;

    /// <summary>Seed of spiral-test.csv (50 points per arm, 3 arms, angle noise 0.2).</summary>
    public const long SpiralTestSeed = 2;

    /// <summary>Generates every file's content (nothing is written).</summary>
    public static IReadOnlyList<DataFile> Generate()
    {
        var (circlesTrain, circlesTest) = InitializationExperiment.DefaultData();
        var (moonsTrain, _) = OptimizationExperiment.DefaultData();
        var (fieldTrain, fieldTest) = RegularizationExperiment.DefaultData();
        return
        [
            new("circles-train.csv", ToCsv(circlesTrain)),
            new("circles-test.csv", ToCsv(circlesTest)),
            new("moons-train.csv", ToCsv(moonsTrain)),
            new("field-train.csv", ToCsv(fieldTrain)),
            new("field-test.csv", ToCsv(fieldTest)),
            new("spiral-train.csv", ToCsv(SyntheticData.Spirals(100, classes: 3, noise: 0.2, seed: SpiralTrainSeed))),
            new("spiral-test.csv", ToCsv(SyntheticData.Spirals(50, classes: 3, noise: 0.2, seed: SpiralTestSeed))),
        ];
    }

    /// <summary>
    /// Formats a 2-feature set as CSV: header <c>X1,X2,Label</c>; features with 7 significant digits (round-trips
    /// float32 closely enough for these data), invariant culture; the label as an integer (0/1 or the class index).
    /// </summary>
    public static string ToCsv(ExampleSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureCount != 2 || data.TargetWidth != 1)
        {
            throw new ArgumentException($"Expected 2 features and 1 label per row; got {data.FeatureCount} and {data.TargetWidth}.", nameof(data));
        }

        var sb = new StringBuilder("X1,X2,Label\n");
        CultureInfo c = CultureInfo.InvariantCulture;
        for (int i = 0; i < data.Count; i++)
        {
            sb.Append(data.Features[2 * i].ToString("G7", c)).Append(',')
              .Append(data.Features[(2 * i) + 1].ToString("G7", c)).Append(',')
              .Append(((int)data.Targets[i]).ToString(c)).Append('\n');
        }

        return sb.ToString();
    }
}
