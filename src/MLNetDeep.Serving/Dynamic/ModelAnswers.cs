namespace MLNetDeep.Serving.Dynamic;

using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// What the schema-driven server answers for a model and what a request must carry. ML.NET keeps a pipeline's label
/// steps in the saved model (a model trained by <c>mlnetdeep train</c> maps its label itself), so the input schema has
/// columns a prediction never reads. The trainer's outputs decide (<c>Score</c>, <c>Probability</c>,
/// <c>PredictedLabel</c>, and the columns ML.NET's <c>ScoreValueKind</c> annotation marks as such, renamed or not): the
/// required inputs are what ML.NET's row mapper says those outputs depend on, and the answered columns are the ones the
/// trainer's step and the steps after it make (a final <c>MapKeyToValue</c>, say) that need nothing else. So the columns
/// the pipeline computed before its trainer (<c>Features</c>, a converted input, the network's input vector) are not
/// answered, and neither is a label's key column, computed from the label.
/// </summary>
internal sealed record ModelAnswers(DataViewSchema.Column[] Outputs, IReadOnlySet<string>? RequiredInputs)
{
    private static readonly string[] TrainerOutputs = ["Score", "Probability", "PredictedLabel"];

    public static ModelAnswers Of(ITransformer model, DataViewSchema inputSchema)
    {
        IRowToRowMapper mapper = model.GetRowToRowMapper(inputSchema);
        var inputNames = new HashSet<string>(inputSchema.Where(c => !c.IsHidden).Select(c => c.Name), StringComparer.Ordinal);
        DataViewSchema.Column[] candidates = mapper.OutputSchema
            .Where(c => !c.IsHidden && !inputNames.Contains(c.Name) && OutputColumn.Supports(c.Type)).ToArray();
        DataViewSchema.Column[] core = candidates.Where(IsTrainerOutput).ToArray();
        if (core.Length == 0)
        {
            // Not a trainer's model (a transform-only pipeline): every output is answered, every input the schema needs is required.
            return new ModelAnswers(candidates, null);
        }

        HashSet<string> required = DependenciesOf(mapper, core);
        HashSet<string> beforeTrainer = BeforeTrainer(model, inputSchema, core.Select(c => c.Name).ToHashSet(StringComparer.Ordinal));
        DataViewSchema.Column[] outputs = candidates
            .Where(c => !beforeTrainer.Contains(c.Name) && DependenciesOf(mapper, [c]).IsSubsetOf(required))
            .ToArray();
        return new ModelAnswers(outputs, required);
    }

    private static bool IsTrainerOutput(DataViewSchema.Column c) =>
        TrainerOutputs.Contains(c.Name, StringComparer.Ordinal) || c.Annotations.Schema.GetColumnOrNull(OutputColumn.ScoreValueKind) is not null;

    /// <summary>The visible columns of the schema just before the first step that makes one of <paramref name="trainerOutputs"/>.</summary>
    private static HashSet<string> BeforeTrainer(ITransformer model, DataViewSchema schema, HashSet<string> trainerOutputs)
    {
        foreach (ITransformer step in PipelineSteps.Of(model))
        {
            DataViewSchema next = step.GetOutputSchema(schema);
            if (next.Any(c => !c.IsHidden && trainerOutputs.Contains(c.Name)))
            {
                break;
            }

            schema = next;
        }

        return new HashSet<string>(schema.Where(c => !c.IsHidden).Select(c => c.Name), StringComparer.Ordinal);
    }

    private static HashSet<string> DependenciesOf(IRowToRowMapper mapper, IEnumerable<DataViewSchema.Column> outputs) =>
        new(mapper.GetDependencies(outputs).Where(c => !c.IsHidden).Select(c => c.Name), StringComparer.Ordinal);
}
