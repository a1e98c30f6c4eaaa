namespace MLNetDeep.Featurization;

using Microsoft.ML.Data;

/// <summary>
/// One column of a delimited text file: its name, its field position, what it is for and the type ML.NET's
/// <c>TextLoader</c> loads it as, with what the whole-file scan counted. Also the input of
/// <see cref="FeaturizationTransformsCatalog.FeaturizeColumns"/>, so columns of other data (for example the IDX
/// loader's <c>Features</c> vector) can be described with the same record.
/// </summary>
/// <param name="Name">The column's name (the header's field, made unique; <c>col{i}</c> without a header).</param>
/// <param name="Index">The field's 0-based position in each record.</param>
/// <param name="Kind">What the column is for.</param>
public sealed record CsvColumn(string Name, int Index, CsvColumnKind Kind)
{
    /// <summary>The type the column is loaded as: Single for numeric columns (and numeric labels), String otherwise. Default Single.</summary>
    public DataKind DataKind { get; init; } = DataKind.Single;

    /// <summary>The rows whose field is a missing-value marker (empty, <c>?</c>, <c>NA</c>, <c>N/A</c>, <c>NaN</c>, <c>null</c>). Default 0.</summary>
    public long MissingCount { get; init; }

    /// <summary>The distinct non-missing values counted, up to one more than the inference's <c>MaximumCategories</c>. Default 0.</summary>
    public int DistinctCount { get; init; }

    /// <summary>Why the inference chose <see cref="Kind"/>, in a few words (e.g. <c>numbers</c>, <c>3 distinct values</c>, <c>constant</c>). Default empty.</summary>
    public string Reason { get; init; } = "";
}
