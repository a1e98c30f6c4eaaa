namespace MLNetDeep.Featurization;

/// <summary>What a column of a delimited text file is for, as <see cref="FeaturizationDataCatalog.InferCsvColumns"/> decides it.</summary>
public enum CsvColumnKind
{
    /// <summary>Numbers (loaded as Single): concatenated, missing values replaced by the mean, standardized.</summary>
    Numeric = 0,

    /// <summary>A few distinct text values (loaded as text): one-hot encoded, slots sorted by value.</summary>
    Categorical = 1,

    /// <summary>Free text (loaded as text): ML.NET's <c>FeaturizeText</c> (word and character n-grams).</summary>
    Text = 2,

    /// <summary>Not a feature: constant, entirely missing, left out of the requested features, or ignored on request (loaded as text).</summary>
    Ignored = 3,

    /// <summary>The label column (loaded as Single when it holds numbers, as text otherwise).</summary>
    Label = 4,
}
