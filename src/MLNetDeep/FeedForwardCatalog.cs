namespace MLNetDeep;

using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNetDeep.Trainers;

/// <summary>
/// The <c>FeedForward</c> trainers on ML.NET's trainer catalogs: <c>ml.BinaryClassification.Trainers.FeedForward(...)</c>,
/// <c>ml.MulticlassClassification.Trainers.FeedForward(...)</c> and <c>ml.Regression.Trainers.FeedForward(...)</c>. Each
/// has a simple overload with the knobs people change most (every other at its default) and an <c>Options</c> overload
/// carrying every knob.
/// </summary>
/// <remarks>
/// The catalogs do not expose their <c>MLContext</c> to other assemblies, so the trainers take their seed from
/// <see cref="FeedForwardTrainerOptions.Seed"/> (default 0), not from the context. They do write their warnings (rows
/// skipped for a missing label, options that other options make irrelevant) to the context's <c>MLContext.Log</c>, as ML.NET's trainers do: the catalog's
/// environment is reached through ML.NET's internal <c>IInternalCatalog</c> (a test fails if an upgrade moves it).
/// </remarks>
public static class FeedForwardCatalog
{
    /// <summary>A feed-forward network for binary classification (Boolean label) with the default recipe for every knob not given.</summary>
    /// <param name="catalog">ML.NET's binary classification trainers.</param>
    /// <param name="labelColumnName">The Boolean label column. Default <c>Label</c>.</param>
    /// <param name="featureColumnName">The feature column, a known-size vector of Single. Default <c>Features</c>.</param>
    /// <param name="exampleWeightColumnName">A Single column of example weights, or null. Default null.</param>
    /// <param name="hiddenLayers">Hidden layer widths; null keeps the default [256, 128].</param>
    /// <param name="learningRate">The initial learning rate. Default 0.003.</param>
    /// <param name="numberOfEpochs">Passes over the data. Default 20.</param>
    /// <param name="batchSize">Examples per mini-batch. Default 128.</param>
    public static FeedForwardBinaryTrainer FeedForward(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        string labelColumnName = "Label", string featureColumnName = "Features", string? exampleWeightColumnName = null,
        int[]? hiddenLayers = null, float learningRate = FeedForwardDefaults.LearningRate, int numberOfEpochs = FeedForwardDefaults.NumberOfEpochs,
        int batchSize = FeedForwardDefaults.BatchSize)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return WithLog(catalog, new FeedForwardBinaryTrainer(Simple(new FeedForwardBinaryTrainer.Options(), labelColumnName, featureColumnName, exampleWeightColumnName,
            hiddenLayers, learningRate, numberOfEpochs, batchSize)));
    }

    /// <summary>A feed-forward network for binary classification with every knob in <paramref name="options"/>.</summary>
    /// <param name="catalog">ML.NET's binary classification trainers.</param>
    /// <param name="options">The trainer's options; validated here (a bad value throws naming the option).</param>
    public static FeedForwardBinaryTrainer FeedForward(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, FeedForwardBinaryTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return WithLog(catalog, new FeedForwardBinaryTrainer(options));
    }

    /// <summary>A feed-forward network for multiclass classification (key label) with the default recipe for every knob not given.</summary>
    /// <param name="catalog">ML.NET's multiclass classification trainers.</param>
    /// <param name="labelColumnName">The key label column (from <c>MapValueToKey</c>). Default <c>Label</c>.</param>
    /// <param name="featureColumnName">The feature column, a known-size vector of Single. Default <c>Features</c>.</param>
    /// <param name="exampleWeightColumnName">A Single column of example weights, or null. Default null.</param>
    /// <param name="hiddenLayers">Hidden layer widths; null keeps the default [256, 128].</param>
    /// <param name="learningRate">The initial learning rate. Default 0.003.</param>
    /// <param name="numberOfEpochs">Passes over the data. Default 20.</param>
    /// <param name="batchSize">Examples per mini-batch. Default 128.</param>
    public static FeedForwardMulticlassTrainer FeedForward(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = "Label", string featureColumnName = "Features", string? exampleWeightColumnName = null,
        int[]? hiddenLayers = null, float learningRate = FeedForwardDefaults.LearningRate, int numberOfEpochs = FeedForwardDefaults.NumberOfEpochs,
        int batchSize = FeedForwardDefaults.BatchSize)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return WithLog(catalog, new FeedForwardMulticlassTrainer(Simple(new FeedForwardMulticlassTrainer.Options(), labelColumnName, featureColumnName, exampleWeightColumnName,
            hiddenLayers, learningRate, numberOfEpochs, batchSize)));
    }

    /// <summary>A feed-forward network for multiclass classification with every knob in <paramref name="options"/>.</summary>
    /// <param name="catalog">ML.NET's multiclass classification trainers.</param>
    /// <param name="options">The trainer's options; validated here (a bad value throws naming the option).</param>
    public static FeedForwardMulticlassTrainer FeedForward(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, FeedForwardMulticlassTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return WithLog(catalog, new FeedForwardMulticlassTrainer(options));
    }

    /// <summary>A feed-forward network for regression (Single label) with the default recipe for every knob not given (dropout 0).</summary>
    /// <param name="catalog">ML.NET's regression trainers.</param>
    /// <param name="labelColumnName">The Single label column. Default <c>Label</c>.</param>
    /// <param name="featureColumnName">The feature column, a known-size vector of Single. Default <c>Features</c>.</param>
    /// <param name="exampleWeightColumnName">A Single column of example weights, or null. Default null.</param>
    /// <param name="hiddenLayers">Hidden layer widths; null keeps the default [256, 128].</param>
    /// <param name="learningRate">The initial learning rate. Default 0.003.</param>
    /// <param name="numberOfEpochs">Passes over the data. Default 20.</param>
    /// <param name="batchSize">Examples per mini-batch. Default 128.</param>
    public static FeedForwardRegressionTrainer FeedForward(this RegressionCatalog.RegressionTrainers catalog,
        string labelColumnName = "Label", string featureColumnName = "Features", string? exampleWeightColumnName = null,
        int[]? hiddenLayers = null, float learningRate = FeedForwardDefaults.LearningRate, int numberOfEpochs = FeedForwardDefaults.NumberOfEpochs,
        int batchSize = FeedForwardDefaults.BatchSize)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return WithLog(catalog, new FeedForwardRegressionTrainer(Simple(new FeedForwardRegressionTrainer.Options(), labelColumnName, featureColumnName, exampleWeightColumnName,
            hiddenLayers, learningRate, numberOfEpochs, batchSize)));
    }

    /// <summary>A feed-forward network for regression with every knob in <paramref name="options"/>.</summary>
    /// <param name="catalog">ML.NET's regression trainers.</param>
    /// <param name="options">The trainer's options; validated here (a bad value throws naming the option).</param>
    public static FeedForwardRegressionTrainer FeedForward(this RegressionCatalog.RegressionTrainers catalog, FeedForwardRegressionTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return WithLog(catalog, new FeedForwardRegressionTrainer(options));
    }

    private static TOptions Simple<TOptions>(TOptions defaults, string labelColumnName, string featureColumnName, string? exampleWeightColumnName,
        int[]? hiddenLayers, float learningRate, int numberOfEpochs, int batchSize)
        where TOptions : FeedForwardTrainerOptions
    {
        TOptions options = defaults with
        {
            LabelColumnName = labelColumnName,
            FeatureColumnName = featureColumnName,
            ExampleWeightColumnName = exampleWeightColumnName,
            LearningRate = learningRate,
            NumberOfEpochs = numberOfEpochs,
            BatchSize = batchSize,
        };
        return hiddenLayers is null ? options : options with { HiddenLayers = hiddenLayers };
    }

    /// <summary>
    /// The MLContext's environment behind one of its catalogs (ML.NET's internal <c>IInternalCatalog.Environment</c>),
    /// whose channels write to <c>MLContext.Log</c>; null if an ML.NET upgrade moved it (a test fails then).
    /// </summary>
    internal static IChannelProvider? LogOf(object catalog) =>
        catalog.GetType().GetInterface("IInternalCatalog")?.GetProperty("Environment")?.GetValue(catalog) as IChannelProvider;

    private static T WithLog<T>(object catalog, T trainer)
        where T : FeedForwardTrainerBase
    {
        trainer.Log = LogOf(catalog);
        return trainer;
    }
}
