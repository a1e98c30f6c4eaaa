namespace MLNetDeep.Featurization;

using Microsoft.ML;
using MLNetDeep.Neural.Numerics;

/// <summary>
/// What ML.NET's data operations lack for "give me a pipeline for this CSV", as extensions on <c>ml.Data</c>: column
/// inference over a whole delimited text file (Microsoft.ML.AutoML's <c>InferColumns</c> is not available here) and a
/// stratified train/test split (ML.NET's <c>samplingKeyColumnName</c> keeps groups together; it does not stratify).
/// </summary>
public static class FeaturizationDataCatalog
{
    /// <summary>
    /// Reads the whole file once and decides each column's kind and type; load it with
    /// <c>ml.Data.LoadFromTextFile(path, result.ToTextLoaderOptions())</c>.
    /// </summary>
    /// <remarks>
    /// <para>The rules, in order: a kind or type the caller declares (<see cref="CsvInferenceOptions.ColumnKinds"/>,
    /// <see cref="CsvInferenceOptions.ColumnTypes"/>) wins; the label is <see cref="CsvColumnKind.Label"/> (Single when it
    /// holds numbers, text otherwise); columns left out of <see cref="CsvInferenceOptions.FeatureColumnNames"/> are
    /// ignored. Otherwise a column whose non-missing values are all numbers is numeric; one whose values are mostly
    /// numbers (<see cref="CsvInferenceOptions.MostlyNumericShare"/>) but not all is an error naming the file, line,
    /// column and the first value that is not a number, and so is a column of numbers written with a decimal comma (unless
    /// <see cref="CsvInferenceOptions.DecimalMarker"/> is <c>','</c>) or thousands separators (which ML.NET does not read as
    /// numbers), a label column whose every value is missing and a numeric column holding an infinite number
    /// (<c>Infinity</c>, <c>1e39</c>), and so is a number quoted with spaces on both sides inside the quotes
    /// (<c>" 2 "</c>, which ML.NET's loader reads as NaN, though it reads <c>" 2"</c> and an unquoted <c> 2 </c>) in a
    /// column not declared as text; an entirely missing or constant column is ignored (unless
    /// listed as a feature); a column whose values are all ISO 8601 dates or date-times is <see cref="CsvColumnKind.Date"/>,
    /// and one with mostly such dates but not all is an error as for numbers; a text column is free text when it has more than
    /// <see cref="CsvInferenceOptions.MaximumCategories"/> distinct values or averages
    /// <see cref="CsvInferenceOptions.MinimumAverageWordsForText"/> words per value, and categorical otherwise.</para>
    /// <para>Missing values are empty fields and <c>? NA N/A NaN null</c> (any case); ML.NET loads them as NaN in numeric
    /// columns. Every record must have exactly as many fields as the header: fewer or more is an error naming the line
    /// and data row (ML.NET's loader would fill missing fields with defaults and drop extra ones silently). Quoting
    /// is RFC 4180's, fields may span lines; empty lines and lines starting with <c>//</c> are skipped, as ML.NET does.
    /// Header names are trimmed of surrounding spaces, as ML.NET's loader trims column names; an empty name becomes
    /// <c>col{i}</c> and a repeated one gets <c>_{i}</c> appended. Without a declared separator, a file not named
    /// <c>.tsv</c> is split on the separator found in its header (<see cref="CsvInferenceOptions.Separator"/>).</para>
    /// </remarks>
    /// <param name="catalog">ML.NET's data operations (<c>ml.Data</c>).</param>
    /// <param name="path">A CSV or TSV file.</param>
    /// <param name="options">How to read and decide; null for the defaults (a comma, or a tab for <c>.tsv</c>; a header).</param>
    /// <exception cref="FileNotFoundException">The file does not exist, or is a folder (the message says which).</exception>
    /// <exception cref="InvalidDataException">A record with another field count than the header, a value that does not parse as its declared type, a mostly numeric (or date) column with a value that is not a number (a date), or bad quoting; the message names the file, line, data row, column and value.</exception>
    /// <exception cref="ArgumentException">An option names a column the file lacks, or has a bad value.</exception>
    public static CsvColumnInference InferCsvColumns(this DataOperationsCatalog catalog, string path, CsvInferenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return CsvScanner.Infer(path, options ?? new CsvInferenceOptions());
    }

    /// <summary>
    /// Splits <paramref name="data"/> into training and test rows so that every value of
    /// <paramref name="stratificationColumnName"/> (for example the label) keeps its share on both sides; without a
    /// column, a plain seeded random split. The sizes are exact: round(n * <paramref name="testFraction"/>) test rows
    /// (halves away from zero), shared among the values by largest remainder, so each value is within one row of its
    /// exact share. Missing values (NaN, empty text) form a stratum of their own. A value's last row always stays on the
    /// training side (a value with a single row is never a test row only), so the test side may be a few rows short of
    /// round(n * <paramref name="testFraction"/>) when several values have very few rows.
    /// </summary>
    /// <remarks>
    /// The data is read once to choose the rows (the column only); the two sides are views that skip the other side's
    /// rows, so <paramref name="data"/> must give its rows in the same order every time it is read (ML.NET's loaders and
    /// cached views do) and is read again by every use of a side. Both keep the original row order. ML.NET's own
    /// <c>TrainTestSplit</c> keeps each row with probability <c>testFraction</c>, so its sizes vary, and its
    /// <c>samplingKeyColumnName</c> keeps rows of equal value on the same side (grouping), which is the opposite of this.
    /// </remarks>
    /// <param name="catalog">ML.NET's data operations (<c>ml.Data</c>).</param>
    /// <param name="data">The rows to split.</param>
    /// <param name="stratificationColumnName">A scalar column whose values keep their share on both sides, or null for a plain random split.</param>
    /// <param name="testFraction">The fraction of the rows for the test side, strictly between 0 and 1. Default 0.1 (ML.NET's).</param>
    /// <param name="seed">The seed of the permutation (MLNetDeep's seeded generator, the same on every platform). Default 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not in (0, 1).</exception>
    /// <exception cref="ArgumentException">The column does not exist or is a vector, or either side would have no rows (fewer than 2 rows, or a <paramref name="testFraction"/> too small for the data); the message names the option and the value.</exception>
    public static StratifiedTrainTestData StratifiedTrainTestSplit(this DataOperationsCatalog catalog, IDataView data, string? stratificationColumnName,
        double testFraction = 0.1, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, $"testFraction is {testFraction}; it must be strictly between 0 and 1.");
        }

        IReadOnlyList<object> values;
        if (stratificationColumnName is null)
        {
            long count = DataViewValues.CountRows(data);
            values = Enumerable.Repeat((object)0, checked((int)count)).ToList();
        }
        else
        {
            DataViewSchema.Column column = data.Schema.GetColumnOrNull(stratificationColumnName)
                ?? throw new ArgumentException($"stratificationColumnName: there is no column '{stratificationColumnName}' (columns: {string.Join(", ", data.Schema.Where(c => !c.IsHidden).Select(c => c.Name))}).", nameof(stratificationColumnName));
            if (column.Type is Microsoft.ML.Data.VectorDataViewType)
            {
                throw new ArgumentException($"stratificationColumnName: column '{stratificationColumnName}' is {column.Type}; stratification needs a scalar column.", nameof(stratificationColumnName));
            }

            values = DataViewValues.Read(data, column);
        }

        var groups = new Dictionary<object, List<int>>();
        var order = new List<List<int>>();
        for (int row = 0; row < values.Count; row++)
        {
            if (!groups.TryGetValue(values[row], out List<int>? rows))
            {
                groups[values[row]] = rows = [];
                order.Add(rows);
            }

            rows.Add(row);
        }

        int[] takes = TestCounts(order.Select(g => g.Count).ToArray(), values.Count, testFraction);
        Rng rng = Rng.Derive(seed, RngStreams.Split, 0);
        var inTest = new bool[values.Count];
        for (int g = 0; g < order.Count; g++)
        {
            int[] rows = order[g].ToArray();
            rng.Shuffle(rows);
            for (int i = 0; i < takes[g]; i++)
            {
                inTest[rows[i]] = true;
            }
        }

        int testRows = takes.Sum();
        if (testRows == 0 || testRows == values.Count)
        {
            throw new ArgumentException(
                $"testFraction is {testFraction}: of the data's {values.Count} row{(values.Count == 1 ? "" : "s")}, {testRows} would be test rows and {values.Count - testRows} training rows; "
                + $"both sides need rows{(values.Count < 2 ? ", so the data needs at least 2" : testRows == 0 ? ", so raise testFraction" : "")}.",
                nameof(testFraction));
        }

        bool[] inTrain = inTest.Select(t => !t).ToArray();
        return new StratifiedTrainTestData(new RowSubsetDataView(data, inTrain), new RowSubsetDataView(data, inTest));
    }

    /// <summary>
    /// How many rows of each group go to the test side: round(n * fraction) in all (halves away from zero), shared by
    /// largest remainder — each group gets floor(count * fraction), and the rows still owed go one each to the groups
    /// with the largest fractional parts (ties to the group seen first) among those that keep a training row.
    /// </summary>
    private static int[] TestCounts(int[] groupSizes, int rows, double fraction)
    {
        int total = (int)Math.Round(rows * fraction, MidpointRounding.AwayFromZero);
        var takes = new int[groupSizes.Length];
        var remainders = new double[groupSizes.Length];
        int assigned = 0;
        for (int g = 0; g < groupSizes.Length; g++)
        {
            double exact = groupSizes[g] * fraction;
            takes[g] = (int)Math.Floor(exact);
            remainders[g] = exact - takes[g];
            assigned += takes[g];
        }

        // A value's last training row is never owed to the test side: a value with one row (or two at testFraction
        // 0.9) would otherwise be missing from training altogether, and a model cannot learn a class it never saw.
        foreach (int g in Enumerable.Range(0, groupSizes.Length).Where(g => takes[g] + 1 < groupSizes[g])
            .OrderByDescending(g => remainders[g]).ThenBy(g => g).Take(Math.Max(0, total - assigned)))
        {
            takes[g]++;
        }

        return takes;
    }
}
