namespace MLNetDeep.Legacy.Transforms;

using MLNetDeep.Legacy.Data;

/// <summary>
/// Learns per-slot statistics of a Single (or known-size vector of Single) column and returns a
/// <see cref="NormalizingTransformer"/> that rescales it (ML.NET's <c>NormalizingEstimator</c>); made by
/// <see cref="TransformsCatalog.NormalizeMinMax"/> and <see cref="TransformsCatalog.NormalizeMeanVariance"/>.
/// </summary>
/// <remarks>
/// Fitting reads the first <c>maximumExampleCount</c> rows of the input column (ML.NET's rule); missing values (NaN)
/// are skipped, and for mean-variance so are infinities. Transforming reads nothing until the result is read.
/// </remarks>
public sealed class NormalizingEstimator : IEstimator<NormalizingTransformer>
{
    private readonly string _output;
    private readonly string _input;
    private readonly NormalizerMode _mode;
    private readonly long _maximumExampleCount;
    private readonly bool _fixZero;
    private readonly bool _useCdf;

    internal NormalizingEstimator(NormalizerMode mode, string outputColumnName, string? inputColumnName, long maximumExampleCount, bool fixZero, bool useCdf)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        if (maximumExampleCount <= 1)
        {
            // ML.NET: "Must be greater than 1".
            throw new ArgumentOutOfRangeException(nameof(maximumExampleCount), maximumExampleCount, $"{Step(mode)}: maximumExampleCount must be greater than 1; got {maximumExampleCount}.");
        }

        _mode = mode;
        _output = outputColumnName;
        _input = inputColumnName ?? outputColumnName;
        _maximumExampleCount = maximumExampleCount;
        _fixZero = fixZero;
        _useCdf = useCdf;
    }

    internal static string Step(NormalizerMode mode) => mode == NormalizerMode.MinMax ? "NormalizeMinMax" : "NormalizeMeanVariance";

    internal const string ExpectedType = "Single or a known-size vector of Single";

    /// <inheritdoc/>
    public NormalizingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        DataViewSchema.Column column = NormalizingTransformer.CheckInput(input.Schema, Step(_mode), _input);
        int size = column.Type is VectorDataViewType v ? v.Size : 1;
        var scale = new float[size];
        var offset = new float[size];
        if (_mode == NormalizerMode.MinMax)
        {
            FitMinMax(input, column, size, scale, offset);
        }
        else
        {
            FitMeanVariance(input, column, size, scale, offset);
        }

        return new NormalizingTransformer(_mode, _output, _input, _fixZero, _useCdf, column.Type, scale, offset);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaShape.Column c = ColumnChecks.Find(inputSchema, Step(_mode), _input);
        if (c.IsKey || c.ItemType != NumberDataViewType.Single || c.Kind == SchemaShape.VectorKind.VariableVector)
        {
            throw ColumnChecks.WrongType(Step(_mode), _input, ExpectedType, c.Describe());
        }

        return inputSchema.With(new SchemaShape.Column(_output, c.Kind, NumberDataViewType.Single, false));
    }

    /// <summary>Calls <paramref name="visit"/> with each of the first maximumExampleCount rows' values.</summary>
    private void ReadRows(IDataView input, DataViewSchema.Column column, int size, Action<float[]> visit)
    {
        using DataViewRowCursor cursor = input.GetRowCursor([column]);
        var buffer = new float[size];
        Action<float[], int> read = NumericReader.Create(cursor, column);
        for (long row = 0; row < _maximumExampleCount && cursor.MoveNext(); row++)
        {
            read(buffer, 0);
            visit(buffer);
        }
    }

    private void FitMinMax(IDataView input, DataViewSchema.Column column, int size, float[] scale, float[] offset)
    {
        var min = new double[size];
        var max = new double[size];
        Array.Fill(min, double.PositiveInfinity);
        Array.Fill(max, double.NegativeInfinity);
        ReadRows(input, column, size, values =>
        {
            for (int j = 0; j < size; j++)
            {
                double x = values[j];

                // NaN fails both comparisons, so missing values are skipped (as in ML.NET's MinMax aggregator).
                if (x < min[j])
                {
                    min[j] = x;
                }

                if (x > max[j])
                {
                    max[j] = x;
                }
            }
        });

        for (int j = 0; j < size; j++)
        {
            double s, o;
            if (!(max[j] > min[j]))
            {
                // Constant, all-missing or empty slot: ML.NET forces the scale to 0 (finite values map to 0).
                s = 0;
                o = 0;
            }
            else if (_fixZero)
            {
                s = 1 / Math.Max(Math.Abs(max[j]), Math.Abs(min[j]));
                o = 0;
            }
            else
            {
                s = 1 / (max[j] - min[j]);
                o = s == 0 ? 0 : min[j];
            }

            scale[j] = (float)s;
            offset[j] = (float)o;
        }
    }

    private void FitMeanVariance(IDataView input, DataViewSchema.Column column, int size, float[] scale, float[] offset)
    {
        // Welford's online mean and M2 (sum of squared deviations), in double, over finite values.
        var count = new long[size];
        var mean = new double[size];
        var m2 = new double[size];
        ReadRows(input, column, size, values =>
        {
            for (int j = 0; j < size; j++)
            {
                double x = values[j];
                if (!double.IsFinite(x))
                {
                    continue;
                }

                count[j]++;
                double delta = x - mean[j];
                mean[j] += delta / count[j];
                m2[j] += delta * (x - mean[j]);
            }
        });

        for (int j = 0; j < size; j++)
        {
            if (count[j] == 0 || m2[j] <= 0)
            {
                // Zero variance (or no values): ML.NET sets scale and offset to 0. For the CDF this gives 0.5.
                scale[j] = 0;
                offset[j] = _useCdf ? (float)mean[j] : 0;
                continue;
            }

            double variance = m2[j] / count[j]; // population variance, as ML.NET
            if (_useCdf)
            {
                // The CDF ignores fixZero (as in ML.NET); scale holds 1/stddev.
                scale[j] = (float)(1 / Math.Sqrt(variance));
                offset[j] = (float)mean[j];
            }
            else if (_fixZero)
            {
                // ML.NET: 1 / sqrt(variance + mean^2), the root mean square, so that 0 stays 0.
                scale[j] = (float)(1 / Math.Sqrt(variance + (mean[j] * mean[j])));
                offset[j] = 0;
            }
            else
            {
                scale[j] = (float)(1 / Math.Sqrt(variance));
                offset[j] = scale[j] == 0 ? 0 : (float)mean[j];
            }
        }
    }
}
