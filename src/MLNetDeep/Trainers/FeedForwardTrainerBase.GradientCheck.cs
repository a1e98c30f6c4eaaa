namespace MLNetDeep.Trainers;

using Microsoft.ML;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Training;

/// <summary>Gradient checking of the network a trainer would train.</summary>
public abstract partial class FeedForwardTrainerBase
{
    /// <summary>
    /// The settings <see cref="CheckGradients"/> uses when given none: <see cref="GradientCheckOptions"/>'s defaults with
    /// 50 components of each parameter tensor (<c>MaxComponentsPerParameter</c>). Change one with <c>with</c>, e.g.
    /// <c>FeedForwardTrainerBase.DefaultGradientCheckOptions with { Epsilon = 1e-2 }</c>.
    /// </summary>
    public static GradientCheckOptions DefaultGradientCheckOptions { get; } = new() { MaxComponentsPerParameter = 50 };

    /// <summary>
    /// Gradient checking (the course's proof that back-propagation is right) for the network this trainer's
    /// <c>Fit</c> would train on <paramref name="data"/>: the same layers, activation, batch norm, dropout and initial
    /// weights (from <c>Seed</c>), the same loss with the trainer's L2 term, example and class weights (a regression label
    /// standardized and balanced class weights counted over these rows). Back-propagation is compared with centered differences on one batch of the first
    /// <paramref name="rows"/> rows, as <see cref="GradientChecker.Check"/> does: dropout masks drawn once and held fixed,
    /// batch norm in training mode. Nothing is trained. It checks MLNetDeep's managed engine, whatever the
    /// <c>Backend</c> (libtorch differentiates by itself).
    /// </summary>
    /// <param name="data">Data with the feature and label columns (and the example weight column when one is set), featurized as for <c>Fit</c>.</param>
    /// <param name="rows">How many rows from the start of <paramref name="data"/> make the batch (rows with a missing label are skipped); at least 2 with batch norm. Default 16.</param>
    /// <param name="options">The check's settings, whose <c>L2Regularization</c> and <c>ClassWeights</c> are replaced by the trainer's; default <see cref="DefaultGradientCheckOptions"/>.</param>
    /// <returns>The overall difference <c>||g - g~|| / (||g|| + ||g~||)</c>, whether it passed, each parameter tensor's difference and the worst components.</returns>
    /// <exception cref="ArgumentException">A column is missing or has the wrong type, no row has a label, or the batch is too small for batch norm; the message names it.</exception>
    public GradientCheckReport CheckGradients(IDataView data, int rows = 16, GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        FeedForwardTrainerOptions o = BaseOptions;
        CheckInputs(data.Schema, "data");
        ExampleSet batch = Read(new MLContext(seed: 0).Data.TakeRows(data, rows), "training data");
        PrepareLabels(batch, null, null);
        Network network = o.ToArchitecture().Build(batch.FeatureCount, OutputCount(data.Schema[o.LabelColumnName]));
        network.Initialize(o.Seed);
        GradientCheckOptions settings = (options ?? DefaultGradientCheckOptions)
            with { L2Regularization = o.L2Regularization, ClassWeights = ClassWeightsFor(batch, ClassNamesOf(data.Schema[o.LabelColumnName])) };
        return GradientChecker.Check(network, CreateLoss(), batch, settings);
    }
}
