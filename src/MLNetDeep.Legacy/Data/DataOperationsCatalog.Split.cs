namespace MLNetDeep.Legacy.Data;

using MLNetDeep.Neural.Numerics;

/// <summary>Train/test and cross-validation splits.</summary>
public sealed partial class DataOperationsCatalog
{
    /// <summary>
    /// Splits <paramref name="data"/> into a training set and a test set by a seeded random permutation. The view is read
    /// into memory once; both sets keep the rows' original order.
    /// </summary>
    /// <remarks>
    /// <para>The test set holds round(n * <paramref name="testFraction"/>) rows (halves rounded away from zero), so sizes
    /// are exact; ML.NET instead keeps each row with probability <c>testFraction</c> by hashing, so its sizes vary.</para>
    /// <para><b>Difference from ML.NET:</b> <paramref name="samplingKeyColumnName"/> <em>stratifies</em>. ML.NET uses the
    /// column to keep rows with equal values on the same side (grouping); MLNetDeep splits the rows of each distinct value
    /// separately, so every class keeps its proportion in both sets (issue #3). Each value contributes
    /// floor(count * testFraction) test rows, and the rows still needed to reach round(n * testFraction) go one each to
    /// the values with the largest remainders, so each class is within one row of its exact share. Any scalar column
    /// may serve, e.g. the label.</para>
    /// </remarks>
    /// <param name="data">The data to split.</param>
    /// <param name="testFraction">The fraction of rows for the test set, strictly between 0 and 1. Default 0.1 (ML.NET's).</param>
    /// <param name="samplingKeyColumnName">A scalar column to stratify by (see remarks), or null for a plain random split. Default null.</param>
    /// <param name="seed">The seed of the permutation; default null, which uses the context's seed.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not in (0, 1).</exception>
    /// <exception cref="ArgumentException">The sampling key column does not exist or is a vector.</exception>
    public TrainTestData TrainTestSplit(IDataView data, double testFraction = 0.1, string? samplingKeyColumnName = null, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, $"testFraction must be strictly between 0 and 1; it is {testFraction}.");
        }

        CheckSamplingKey(data.Schema, samplingKeyColumnName);
        InMemoryDataView all = DataViewMaterializer.Materialize(data);
        Rng rng = Rng.Derive(seed ?? Context.Seed, RngStreams.Split, 0);
        var inTest = new bool[all.RowCount];
        List<int[]> groups = Groups(all, samplingKeyColumnName);
        int[] takes = TestCounts(groups, all.RowCount, testFraction);
        for (int g = 0; g < groups.Count; g++)
        {
            rng.Shuffle(groups[g]);
            for (int i = 0; i < takes[g]; i++)
            {
                inTest[groups[g][i]] = true;
            }
        }

        return new TrainTestData(Subset(all, inTest, false), Subset(all, inTest, true));
    }

    /// <summary>
    /// Splits <paramref name="data"/> into <paramref name="numberOfFolds"/> train/test pairs whose test sets partition the
    /// rows: a seeded permutation deals the rows to folds in turn, so fold sizes differ by at most one. The view is read
    /// into memory once; every set keeps the rows' original order.
    /// </summary>
    /// <remarks>
    /// <b>Difference from ML.NET:</b> <paramref name="samplingKeyColumnName"/> <em>stratifies</em> (ML.NET groups rows of
    /// equal value instead): the rows of each distinct value are shuffled and dealt to the folds separately, continuing
    /// the rotation from one value to the next, so each fold keeps the classes' proportions and sizes stay balanced.
    /// </remarks>
    /// <param name="data">The data to split.</param>
    /// <param name="numberOfFolds">The number of folds, at least 2 and at most the number of rows. Default 5 (ML.NET's).</param>
    /// <param name="samplingKeyColumnName">A scalar column to stratify by, or null. Default null.</param>
    /// <param name="seed">The seed of the permutation; default null, which uses the context's seed.</param>
    /// <returns>One <see cref="TrainTestData"/> per fold, in fold order.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numberOfFolds"/> is below 2 or above the number of rows.</exception>
    /// <exception cref="ArgumentException">The sampling key column does not exist or is a vector.</exception>
    public IReadOnlyList<TrainTestData> CrossValidationSplit(IDataView data, int numberOfFolds = 5, string? samplingKeyColumnName = null, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (numberOfFolds < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(numberOfFolds), numberOfFolds, $"numberOfFolds must be at least 2; it is {numberOfFolds}.");
        }

        CheckSamplingKey(data.Schema, samplingKeyColumnName);
        InMemoryDataView all = DataViewMaterializer.Materialize(data);
        if (numberOfFolds > all.RowCount)
        {
            throw new ArgumentOutOfRangeException(nameof(numberOfFolds), numberOfFolds, $"numberOfFolds is {numberOfFolds} but the data has only {all.RowCount} rows; every fold needs at least one.");
        }

        Rng rng = Rng.Derive(seed ?? Context.Seed, RngStreams.Split, 0);
        var fold = new int[all.RowCount];
        int next = 0;
        foreach (int[] group in Groups(all, samplingKeyColumnName))
        {
            rng.Shuffle(group);
            foreach (int row in group)
            {
                fold[row] = next;
                next = (next + 1) % numberOfFolds;
            }
        }

        var result = new TrainTestData[numberOfFolds];
        var inTest = new bool[all.RowCount];
        for (int f = 0; f < numberOfFolds; f++)
        {
            for (int r = 0; r < inTest.Length; r++)
            {
                inTest[r] = fold[r] == f;
            }

            result[f] = new TrainTestData(Subset(all, inTest, false), Subset(all, inTest, true));
        }

        return result;
    }

    /// <summary>
    /// How many rows of each group go to the test set: round(n * fraction) in all (halves away from zero), shared by
    /// largest remainder — each group gets floor(count * fraction), and the rows still owed go one each to the groups
    /// with the largest fractional parts (ties to the group seen first).
    /// </summary>
    private static int[] TestCounts(List<int[]> groups, int rows, double fraction)
    {
        int total = (int)Math.Round(rows * fraction, MidpointRounding.AwayFromZero);
        var takes = new int[groups.Count];
        var remainders = new double[groups.Count];
        int assigned = 0;
        for (int g = 0; g < groups.Count; g++)
        {
            double exact = groups[g].Length * fraction;
            takes[g] = (int)Math.Floor(exact);
            remainders[g] = exact - takes[g];
            assigned += takes[g];
        }

        foreach (int g in Enumerable.Range(0, groups.Count).OrderByDescending(g => remainders[g]).ThenBy(g => g).Take(Math.Max(0, total - assigned)))
        {
            takes[g]++;
        }

        return takes;
    }

    private static void CheckSamplingKey(DataViewSchema schema, string? name)
    {
        if (name is null)
        {
            return;
        }

        DataViewSchema.Column column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentException($"samplingKeyColumnName: there is no column '{name}'. Columns: {string.Join(", ", schema.VisibleNames)}.", "samplingKeyColumnName");
        if (column.Type is VectorDataViewType)
        {
            throw new ArgumentException($"samplingKeyColumnName: column '{name}' is {column.Type}; stratification needs a scalar column.", "samplingKeyColumnName");
        }
    }

    /// <summary>The row indices to split separately: all rows, or one group per distinct key value in order of first appearance.</summary>
    private static List<int[]> Groups(InMemoryDataView all, string? key)
    {
        if (key is null)
        {
            return [Enumerable.Range(0, all.RowCount).ToArray()];
        }

        Array values = all.Column(all.Schema[key].Index).Values;
        var groups = new Dictionary<object, List<int>>();
        var order = new List<List<int>>();
        for (int r = 0; r < all.RowCount; r++)
        {
            object v = values.GetValue(r) ?? string.Empty;
            if (!groups.TryGetValue(v, out List<int>? rows))
            {
                groups[v] = rows = [];
                order.Add(rows);
            }

            rows.Add(r);
        }

        return order.Select(g => g.ToArray()).ToList();
    }

    private static InMemoryDataView Subset(InMemoryDataView all, bool[] inTest, bool test)
    {
        var rows = new List<int>();
        for (int r = 0; r < inTest.Length; r++)
        {
            if (inTest[r] == test)
            {
                rows.Add(r);
            }
        }

        return all.Select(rows.ToArray());
    }
}
