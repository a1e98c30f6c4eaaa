namespace MLNetDeep.Serving.Dynamic;

using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// What the schema-driven server answers for a model and what a request must carry. ML.NET keeps a pipeline's label
/// steps in the saved model (a model trained by <c>mlnetdeep train</c> maps its label itself), so the input schema has
/// columns a prediction never reads. The trainer's standard outputs (<c>Score</c>, <c>Probability</c>,
/// <c>PredictedLabel</c>) decide: the required inputs are what ML.NET's row mapper says those outputs depend on, and the
/// answered columns are the model's outputs that need nothing else (so a label's key column, computed from the label,
/// is not answered). The network's own input vector of an MLNetDeep model is not answered either.
/// </summary>
internal sealed record ModelAnswers(DataViewSchema.Column[] Outputs, IReadOnlySet<string>? RequiredInputs)
{
    private static readonly string[] TrainerOutputs = ["Score", "Probability", "PredictedLabel"];

    public static ModelAnswers Of(ITransformer model, DataViewSchema inputSchema, FeedForwardModelInfo? record)
    {
        IRowToRowMapper mapper = model.GetRowToRowMapper(inputSchema);
        var inputNames = new HashSet<string>(inputSchema.Where(c => !c.IsHidden).Select(c => c.Name), StringComparer.Ordinal);
        DataViewSchema.Column[] candidates = mapper.OutputSchema
            .Where(c => !c.IsHidden && !inputNames.Contains(c.Name) && OutputColumn.Supports(c.Type)).ToArray();
        DataViewSchema.Column[] core = candidates.Where(c => TrainerOutputs.Contains(c.Name, StringComparer.Ordinal)).ToArray();
        if (core.Length == 0)
        {
            // Not a trainer's model (a transform-only pipeline): every output is answered, every input the schema needs is required.
            return new ModelAnswers(candidates, null);
        }

        HashSet<string> required = DependenciesOf(mapper, core);
        DataViewSchema.Column[] outputs = candidates
            .Where(c => c.Name != record?.FeatureColumnName && DependenciesOf(mapper, [c]).IsSubsetOf(required))
            .ToArray();
        return new ModelAnswers(outputs, required);
    }

    private static HashSet<string> DependenciesOf(IRowToRowMapper mapper, IEnumerable<DataViewSchema.Column> outputs) =>
        new(mapper.GetDependencies(outputs).Where(c => !c.IsHidden).Select(c => c.Name), StringComparer.Ordinal);
}
