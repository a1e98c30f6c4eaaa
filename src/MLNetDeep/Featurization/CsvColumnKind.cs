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

    /// <summary>
    /// ISO 8601 dates or date-times such as <c>2026-12-07</c> or <c>2026-12-07T19:30:15</c> (loaded as text): each becomes
    /// eight numbers (the fractional year; month, weekday and time of day as sine and cosine; the day of the month) that
    /// join the numeric features; a missing or unreadable date is missing in all eight.
    /// </summary>
    Date = 5,
}

/// <summary>What the kinds mean to featurization.</summary>
internal static class CsvColumnKinds
{
    /// <summary>Whether a column of this kind is a feature: numeric, categorical, text or date.</summary>
    public static bool IsFeature(this CsvColumnKind kind) => kind is CsvColumnKind.Numeric or CsvColumnKind.Categorical or CsvColumnKind.Text or CsvColumnKind.Date;
}
