namespace MLNetDeep.Cli.Output;

using System.Text.Json.Nodes;
using Microsoft.ML;
using MLNetDeep.Featurization;

/// <summary>What the reports and <c>info</c> know about a model: task, label and classes, the training record and the run record (either may be missing), the input columns.</summary>
/// <param name="Task">The task.</param>
/// <param name="LabelColumn">The label column.</param>
/// <param name="Classes">The classes of a classifier whose label MLNetDeep prepared; null otherwise.</param>
/// <param name="Info">The feed-forward training record, or null for a model from plain ML.NET.</param>
/// <param name="Run">What <c>train</c> or <c>tune</c> recorded, or null.</param>
/// <param name="InputSchema">The columns the model reads.</param>
/// <param name="Features">The input columns its prediction depends on; null: every input column but the label.</param>
internal sealed record ModelView(FeedForwardTask Task, string LabelColumn, LabelClasses? Classes, FeedForwardModelInfo? Info, JsonObject? Run, DataViewSchema InputSchema,
    IReadOnlyList<DataViewSchema.Column>? Features = null)
{
    /// <summary>The feature columns the model reads (<see cref="Features"/>, else its input columns but the label).</summary>
    public IReadOnlyList<DataViewSchema.Column> FeatureColumns => Features ?? InputSchema.Where(c => !c.IsHidden && c.Name != LabelColumn).ToArray();

    /// <summary>
    /// The class weights the training resolved (<see cref="FeedForwardModelInfo.ClassWeights"/>: what <c>balanced</c>
    /// computed), by class as the data writes it (<see cref="Classes"/>); null without class weights.
    /// </summary>
    public JsonObject? ClassWeights => Weights(Info?.ClassWeights);

    /// <summary><see cref="ClassWeights"/> as text, e.g. <c>no: 0.5263158, yes: 10</c> (a colon, so that numeric classes read: <c>0: 1, 1: 3</c>).</summary>
    public string? ClassWeightsText => WeightsText(Info?.ClassWeights);

    /// <summary>How <c>info</c> and the reports show an option the record has unset (empty, or null in JSON).</summary>
    public const string Unset = "(unset)";

    /// <summary>Resolved class weights of the record (the model's or an earlier run's) by class as the data writes it; null for null.</summary>
    public JsonObject? Weights(IReadOnlyList<KeyValuePair<string, float>>? w) => w is null ? null
        : new JsonObject(w.Select((p, i) => KeyValuePair.Create(Classes?.Values.Count == w.Count ? Classes.Values[i] : p.Key, (JsonNode?)p.Value)));

    /// <summary><see cref="Weights"/> as text, e.g. <c>no: 0.5263158, yes: 10</c>; null for null.</summary>
    public string? WeightsText(IReadOnlyList<KeyValuePair<string, float>>? w) => Weights(w) is { } o ? string.Join(", ", o.Select(p => $"{p.Key}: {p.Value}")) : null;
}
