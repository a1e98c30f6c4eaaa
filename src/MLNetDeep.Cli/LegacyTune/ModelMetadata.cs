namespace MLNetDeep.Cli.LegacyTune;

using System.Text.Json.Nodes;
using MLNetDeep.Legacy;
using MLNetDeep.Legacy.Trainers;
using MLNetDeep.Neural.Training;

/// <summary>
/// The metadata the CLI writes into a model file (read back by <c>evaluate</c>, <c>predict</c> and <c>info</c> through
/// <see cref="CliModel"/>): the tool, the label mapping, the features, the data, the trainer options, the metrics and
/// the training history. <c>train</c> and <c>tune</c> write the same keys; <c>tune</c> adds <c>tune</c>.
/// </summary>
internal static class ModelMetadata
{
    /// <summary>The metadata of a trained model.</summary>
    /// <param name="mapping">The label mapping.</param>
    /// <param name="plan">The features.</param>
    /// <param name="data">What it was trained and tested on (<c>train</c>, <c>trainRows</c>, <c>test</c>, <c>testRows</c>).</param>
    /// <param name="optionsGiven">The trainer flags as given on the command line.</param>
    /// <param name="options">The effective trainer options.</param>
    /// <param name="trainMetrics">Metrics on the training data.</param>
    /// <param name="testMetrics">Metrics on the test data, or null.</param>
    /// <param name="parameters">The trained network's record.</param>
    public static JsonObject Create(LabelMapping mapping, FeaturePlan plan, JsonObject data, JsonObject optionsGiven, FeedForwardTrainerOptions options,
        JsonObject trainMetrics, JsonObject? testMetrics, FeedForwardModelParameters parameters)
    {
        var metadata = new JsonObject { ["tool"] = CliModel.Tool };
        mapping.WriteTo(metadata);
        metadata["featureColumns"] = plan.ToJson();
        metadata["normalize"] = plan.Normalize;
        metadata["data"] = data;
        metadata["trainerOptionsGiven"] = optionsGiven;
        metadata["trainerOptions"] = TrainerFlags.EffectiveJson(options);
        metadata["trainingMetrics"] = trainMetrics;
        metadata["testMetrics"] = testMetrics;
        metadata["epochs"] = parameters.History.Count;
        metadata["bestEpoch"] = parameters.BestEpoch;
        metadata["trainSeconds"] = Metrics.Number(parameters.TrainingSeconds);
        metadata["history"] = new JsonArray(parameters.History.Select(h => (JsonNode)HistoryJson(h)).ToArray());
        return metadata;
    }

    /// <summary>One epoch of the history as JSON.</summary>
    public static JsonObject HistoryJson(EpochRecord h) => new()
    {
        ["epoch"] = h.Epoch,
        ["loss"] = Metrics.Number(h.Loss),
        ["metric"] = Metrics.Number(h.Metric),
        ["validationLoss"] = h.ValidationLoss is double vl ? Metrics.Number(vl) : null,
        ["validationMetric"] = h.ValidationMetric is double vm ? Metrics.Number(vm) : null,
        ["learningRate"] = Metrics.Number(h.LearningRate),
        ["seconds"] = Metrics.Number(h.Seconds),
    };
}
