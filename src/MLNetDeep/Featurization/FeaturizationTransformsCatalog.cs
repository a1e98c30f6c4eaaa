namespace MLNetDeep.Featurization;

using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

/// <summary>
/// The automatic featurization and label preparation behind <c>mlnetdeep train</c>, as extensions on
/// <c>ml.Transforms</c>: every step is a stock ML.NET estimator (a date column's is a <c>CustomMapping</c> whose factory
/// is in this assembly), so the fitted pipeline saves and loads with <c>ml.Model.Save/Load</c> like any other.
/// </summary>
public static class FeaturizationTransformsCatalog
{
    /// <summary>The feature vector's default name (ML.NET's).</summary>
    public const string DefaultFeatureColumnName = "Features";

    /// <summary>
    /// The estimators that turn <paramref name="columns"/> into one known-size vector of Single,
    /// <paramref name="outputColumnName"/>: numeric columns (scalars or vectors; a <see cref="CsvColumn.DataKind"/> other
    /// than Single, such as a declared Double or Int32, is converted to Single first) are concatenated, missing values replaced
    /// by the training mean (<c>ReplaceMissingValues</c>) and, unless <paramref name="normalize"/> is false, standardized
    /// to (x - mean) / stddev (<c>NormalizeMeanVariance</c> with <c>fixZero: false</c>); categorical columns are one-hot
    /// encoded with slots sorted by value (<c>OneHotEncoding</c>); text columns become word and character n-gram counts
    /// (<c>FeaturizeText</c>, L2-normalized); these follow the numeric block, unstandardized. A date column (ISO 8601
    /// text) becomes eight numbers in the numeric block, in field order with the numeric columns (<see cref="CsvColumnKind.Date"/>). Columns of other kinds
    /// (label, ignored) are skipped. The source columns are left as they are; the intermediate columns are dropped.
    /// </summary>
    /// <param name="catalog">ML.NET's transforms (<c>ml.Transforms</c>).</param>
    /// <param name="columns">The columns and their kinds, e.g. <see cref="CsvColumnInference.Features"/>.</param>
    /// <param name="outputColumnName">The feature vector. Default <c>Features</c>.</param>
    /// <param name="normalize">Whether numeric features are standardized. Default true.</param>
    /// <exception cref="ArgumentException">No column is a feature, a name is used twice, or a column is null or has a null or blank name; the message names it.</exception>
    public static IEstimator<ITransformer> FeaturizeColumns(this TransformsCatalog catalog, IEnumerable<CsvColumn> columns,
        string outputColumnName = DefaultFeatureColumnName, bool normalize = true)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        CsvColumn[] given = columns.ToArray();
        if (Array.FindIndex(given, c => c is null || string.IsNullOrWhiteSpace(c.Name)) is int bad and >= 0)
        {
            throw new ArgumentException($"FeaturizeColumns: columns[{bad}] is {(given[bad] is null ? "null" : $"a column named '{given[bad].Name}'")}; every column needs a name.", nameof(columns));
        }

        CsvColumn[] features = given.Where(c => c.Kind.IsFeature()).ToArray();
        if (features.Length == 0)
        {
            throw new ArgumentException("FeaturizeColumns: no numeric, categorical, text or date column was given; there is nothing to featurize.", nameof(columns));
        }

        if (features.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"FeaturizeColumns: the column '{twice.Key}' is given twice.", nameof(columns));
        }

        CsvColumn[] numeric = features.Where(c => c.Kind is CsvColumnKind.Numeric or CsvColumnKind.Date).ToArray();
        CsvColumn[] encoded = features.Where(c => c.Kind is CsvColumnKind.Categorical or CsvColumnKind.Text).ToArray();
        var chain = new EstimatorChain<ITransformer>();
        void Add(IEstimator<ITransformer> step) => chain = chain.Append(step);
        var parts = new List<string>();
        var converted = new List<string>();
        if (numeric.Length > 0)
        {
            string block = encoded.Length == 0 ? outputColumnName : $"{outputColumnName}.Numeric";
            var sources = new List<string>();
            foreach (CsvColumn c in numeric)
            {
                if (c.Kind == CsvColumnKind.Date)
                {
                    string dates = $"{outputColumnName}.{c.Name}.Date";
                    Add(DateParts.Estimator(catalog, dates, c.Name));
                    sources.Add(dates);
                    converted.Add(dates);
                    continue;
                }

                if (c.DataKind == DataKind.Single)
                {
                    sources.Add(c.Name);
                    continue;
                }

                // Concatenate needs one item type and ReplaceMissingValues a type with a missing value: a Double,
                // integer or Boolean column (a declared type) becomes Single first.
                string single = $"{outputColumnName}.{c.Name}.Single";
                Add(catalog.Conversion.ConvertType(single, c.Name, DataKind.Single));
                sources.Add(single);
                converted.Add(single);
            }

            Add(catalog.Concatenate(block, sources.ToArray()));
            Add(catalog.ReplaceMissingValues(block, block, MissingValueReplacingEstimator.ReplacementMode.Mean));
            if (normalize)
            {
                Add(catalog.NormalizeMeanVariance(block, block, fixZero: false));
            }

            parts.Add(block);
        }

        foreach (CsvColumn c in encoded)
        {
            string part = $"{outputColumnName}.{c.Name}";
            Add(c.Kind == CsvColumnKind.Categorical
                ? catalog.Categorical.OneHotEncoding(part, c.Name, keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
                : catalog.Text.FeaturizeText(part, c.Name));
            parts.Add(part);
        }

        if (encoded.Length > 0)
        {
            Add(catalog.Concatenate(outputColumnName, parts.ToArray()));
        }

        string[] intermediate = [.. converted, .. encoded.Length > 0 ? parts : []];
        if (intermediate.Length > 0)
        {
            Add(catalog.DropColumns(intermediate));
        }

        return chain;
    }

    /// <summary>
    /// The label preparation for a feed-forward trainer of <paramref name="task"/>: Boolean for binary (the larger of
    /// exactly two values is positive), a key sorted by value for multiclass, Single for regression; see
    /// <see cref="LabelPreparationEstimator"/>.
    /// </summary>
    /// <param name="catalog">ML.NET's transforms (<c>ml.Transforms</c>).</param>
    /// <param name="task">The task.</param>
    /// <param name="labelColumnName">The raw label column, changed in place. Default <c>Label</c>.</param>
    public static LabelPreparationEstimator PrepareLabel(this TransformsCatalog catalog, FeedForwardTask task, string labelColumnName = "Label")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new LabelPreparationEstimator(task, labelColumnName) { Log = FeedForwardCatalog.LogOf(catalog) };
    }
}
