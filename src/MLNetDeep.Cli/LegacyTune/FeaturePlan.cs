namespace MLNetDeep.Cli.LegacyTune;

using System.Text.Json.Nodes;
using MLNetDeep.Legacy;
using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Transforms;

/// <summary>
/// Which columns feed the network and how: numeric columns (Single, or vectors such as IDX pixels) are concatenated,
/// missing values replaced by the training mean, and by default standardized ((x - mean) / stddev,
/// <c>NormalizeMeanVariance</c> with <c>fixZero: false</c>); text columns named in <c>--features</c> are one-hot
/// encoded (slots sorted by value) and appended unnormalized. The result is the vector column <see cref="FeatureColumn"/>.
/// </summary>
internal sealed class FeaturePlan
{
    /// <summary>The network's input column.</summary>
    public const string FeatureColumn = "Features";

    /// <summary>The intermediate column of the numeric features when text columns are also used.</summary>
    public const string NumericColumn = "NumericFeatures";

    private FeaturePlan(DataViewSchema.Column[] numeric, DataViewSchema.Column[] text, bool normalize)
    {
        Numeric = numeric;
        Text = text;
        Normalize = normalize;
    }

    /// <summary>The numeric feature columns.</summary>
    public DataViewSchema.Column[] Numeric { get; }

    /// <summary>The text feature columns (one-hot encoded).</summary>
    public DataViewSchema.Column[] Text { get; }

    /// <summary>Whether numeric features are standardized.</summary>
    public bool Normalize { get; }

    /// <summary>The source columns the model reads, numeric first.</summary>
    public IEnumerable<DataViewSchema.Column> Columns => Numeric.Concat(Text);

    /// <summary>
    /// The features of <paramref name="schema"/>: the named ones, or every numeric column but the label. A name the data
    /// lacks, the label itself, or a column that is neither numeric nor text is a usage error.
    /// </summary>
    public static FeaturePlan Choose(DataViewSchema schema, string label, string[]? requested, bool normalize, string dataName)
    {
        static bool IsNumeric(DataViewSchema.Column c) => c.Type == NumberDataViewType.Single || c.Type is VectorDataViewType { IsKnownSize: true };
        var visible = schema.Where(c => !c.IsHidden && !c.Name.StartsWith(InputData.RawPrefix, StringComparison.Ordinal)).ToArray();
        DataViewSchema.Column[] chosen;
        if (requested is null or { Length: 0 })
        {
            chosen = visible.Where(c => c.Name != label && IsNumeric(c)).ToArray();
            if (chosen.Length == 0)
            {
                throw CliException.Failure($"{dataName} has no numeric column besides the label '{label}'; name text columns with --features to one-hot encode them.");
            }
        }
        else
        {
            chosen = requested.Distinct(StringComparer.Ordinal).Select(name =>
            {
                if (name == label)
                {
                    throw CliException.Usage($"--features '{name}': the label column cannot also be a feature.");
                }

                DataViewSchema.Column c = visible.FirstOrDefault(c => c.Name == name)
                    ?? throw CliException.Usage($"--features '{name}': there is no such column in {dataName} (columns: {string.Join(", ", visible.Select(v => v.Name))}).");
                return IsNumeric(c) || c.Type == TextDataViewType.Instance
                    ? c
                    : throw CliException.Usage($"--features '{name}': the column is {c.Type}; features must be numbers or text.");
            }).ToArray();
        }

        return new FeaturePlan(chosen.Where(IsNumeric).ToArray(), chosen.Where(c => !IsNumeric(c)).ToArray(), normalize);
    }

    /// <summary>The estimators producing <see cref="FeatureColumn"/>.</summary>
    public IEstimator<ITransformer> BuildEstimator(DeepContext context)
    {
        TransformsCatalog t = context.Transforms;
        var steps = new List<IEstimator<ITransformer>>();
        foreach (DataViewSchema.Column c in Text)
        {
            steps.Add(t.Categorical.OneHotEncoding(c.Name, c.Name, keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue));
        }

        if (Numeric.Length > 0)
        {
            string numeric = Text.Length == 0 ? FeatureColumn : NumericColumn;
            steps.Add(t.Concatenate(numeric, Numeric.Select(c => c.Name).ToArray()));
            steps.Add(t.ReplaceMissingValues(numeric, numeric, MissingValueReplacingEstimator.ReplacementMode.Mean));
            if (Normalize)
            {
                steps.Add(t.NormalizeMeanVariance(numeric, numeric, fixZero: false));
            }

            if (Text.Length > 0)
            {
                steps.Add(t.Concatenate(FeatureColumn, [numeric, .. Text.Select(c => c.Name)]));
            }
        }
        else
        {
            steps.Add(t.Concatenate(FeatureColumn, Text.Select(c => c.Name).ToArray()));
        }

        var chain = new EstimatorChain<ITransformer>();
        foreach (IEstimator<ITransformer> step in steps)
        {
            chain = chain.Append(step);
        }

        return chain;
    }

    /// <summary>The feature columns for the model's metadata.</summary>
    public JsonArray ToJson() => new(Columns.Select(c => (JsonNode)new JsonObject
    {
        ["name"] = c.Name,
        ["type"] = c.Type.ToString(),
        ["encoding"] = c.Type == TextDataViewType.Instance ? "one-hot" : Normalize ? "mean-variance" : "none",
    }).ToArray());
}
