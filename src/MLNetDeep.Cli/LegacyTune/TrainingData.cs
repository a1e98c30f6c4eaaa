namespace MLNetDeep.Cli.LegacyTune;

using MLNetDeep.Legacy;
using MLNetDeep.Legacy.Data;

/// <summary>
/// The training data of <c>train</c> and <c>tune</c>: the training file loaded, its label mapping learned and applied
/// (rows with a missing label dropped, with a note on stderr), and the test file, when given, loaded with the training
/// file's column types and mapped the same way.
/// </summary>
internal sealed class TrainingData
{
    private TrainingData(InputData source, LabelMapping mapping, IDataView train, IDataView? test)
    {
        Source = source;
        Mapping = mapping;
        Train = train;
        Test = test;
    }

    /// <summary>The training file as loaded (label column unmapped).</summary>
    public InputData Source { get; }

    /// <summary>The label mapping learned from the training file.</summary>
    public LabelMapping Mapping { get; }

    /// <summary>The training rows with the task's label.</summary>
    public IDataView Train { get; }

    /// <summary>The test rows with the task's label, or null without a test file.</summary>
    public IDataView? Test { get; }

    /// <summary>Loads <paramref name="dataPath"/> (and <paramref name="testPath"/>) and maps column <paramref name="label"/> for <paramref name="task"/>.</summary>
    public static TrainingData Load(DeepContext context, CliConsole console, TaskKind task, string dataPath, string label, string? testPath)
    {
        InputData train = InputData.Load(context, dataPath);
        LabelMapping mapping = LabelMapping.Learn(context, task, train.View, label, dataPath);
        IDataView trainView = mapping.Apply(train.View, dataPath, out int dropped);
        Note(console, dropped, dataPath);
        IDataView? testView = null;
        if (testPath is not null)
        {
            var types = train.View.Schema.ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
            InputData test = InputData.Load(context, testPath, types);
            testView = mapping.Apply(test.View, testPath, out int testDropped);
            Note(console, testDropped, testPath);
        }

        return new TrainingData(train, mapping, trainView, testView);
    }

    /// <summary>This data with other training and test views (after a split).</summary>
    public TrainingData With(IDataView train, IDataView? test) => new(Source, Mapping, train, test);

    private static void Note(CliConsole console, int dropped, string dataName)
    {
        if (dropped > 0)
        {
            console.Error.WriteLine($"{dataName}: skipped {dropped} rows with a missing label");
        }
    }
}
