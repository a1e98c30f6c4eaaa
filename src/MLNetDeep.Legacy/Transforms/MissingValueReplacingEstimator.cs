namespace MLNetDeep.Legacy.Transforms;

using MLNetDeep.Legacy.Data;

/// <summary>
/// Learns what to put in place of missing values (NaN) of a Single, Double or known-size vector of Single column and
/// returns a <see cref="MissingValueReplacingTransformer"/> (ML.NET's <c>MissingValueReplacingEstimator</c>); made by
/// <see cref="TransformsCatalog.ReplaceMissingValues"/>.
/// </summary>
public sealed class MissingValueReplacingEstimator : IEstimator<MissingValueReplacingTransformer>
{
    internal const string Step = "ReplaceMissingValues";
    internal const string ExpectedType = "Single, Double or a known-size vector of Single";

    private readonly string _output;
    private readonly string _input;
    private readonly ReplacementMode _mode;
    private readonly bool _imputeBySlot;

    internal MissingValueReplacingEstimator(string outputColumnName, string? inputColumnName, ReplacementMode replacementMode, bool imputeBySlot)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        if (!Enum.IsDefined(replacementMode))
        {
            throw new ArgumentOutOfRangeException(nameof(replacementMode), replacementMode, $"{Step}: unsupported replacementMode {replacementMode}.");
        }

        _output = outputColumnName;
        _input = inputColumnName ?? outputColumnName;
        _mode = replacementMode;
        _imputeBySlot = imputeBySlot;
    }

    /// <summary>What replaces a missing value (ML.NET's <c>MissingValueReplacingEstimator.ReplacementMode</c>; same numbers).</summary>
    public enum ReplacementMode : byte
    {
        /// <summary>The type's default, 0 (ML.NET's default).</summary>
        DefaultValue = 0,

        /// <summary>The mean of the finite values seen.</summary>
        Mean = 1,

        /// <summary>The smallest value seen.</summary>
        Minimum = 2,

        /// <summary>The largest value seen.</summary>
        Maximum = 3,
    }

    /// <inheritdoc/>
    public MissingValueReplacingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        DataViewSchema.Column column = MissingValueReplacingTransformer.CheckInput(input.Schema, _input);
        int size = column.Type is VectorDataViewType v ? v.Size : 1;
        int slots = _imputeBySlot ? size : 1;
        var replacement = new double[slots];
        if (_mode != ReplacementMode.DefaultValue)
        {
            Learn(input, column, size, replacement);
        }

        return new MissingValueReplacingTransformer(_output, _input, _mode, _imputeBySlot, column.Type, replacement);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaShape.Column c = ColumnChecks.Find(inputSchema, Step, _input);
        bool ok = !c.IsKey && c.Kind != SchemaShape.VectorKind.VariableVector
            && (c.ItemType == NumberDataViewType.Single || (c.ItemType == NumberDataViewType.Double && c.Kind == SchemaShape.VectorKind.Scalar));
        if (!ok)
        {
            throw ColumnChecks.WrongType(Step, _input, ExpectedType, c.Describe());
        }

        return inputSchema.With(new SchemaShape.Column(_output, c.Kind, c.ItemType, false));
    }

    private void Learn(IDataView input, DataViewSchema.Column column, int size, double[] replacement)
    {
        int slots = replacement.Length;
        var count = new long[slots];
        var acc = new double[slots];
        Array.Fill(acc, _mode switch
        {
            ReplacementMode.Minimum => double.PositiveInfinity,
            ReplacementMode.Maximum => double.NegativeInfinity,
            _ => 0,
        });

        using DataViewRowCursor cursor = input.GetRowCursor([column]);
        Func<int, double> read;
        Action fetch;
        if (column.Type == NumberDataViewType.Double)
        {
            ValueGetter<double> g = cursor.GetGetter<double>(column);
            double d = 0;
            read = _ => d;
            fetch = () => g(ref d);
        }
        else
        {
            var buffer = new float[size];
            Action<float[], int> r = NumericReader.Create(cursor, column);
            read = j => buffer[j];
            fetch = () => r(buffer, 0);
        }

        while (cursor.MoveNext())
        {
            fetch();
            for (int j = 0; j < size; j++)
            {
                double x = read(j);
                int s = slots == 1 ? 0 : j;
                if (double.IsNaN(x) || (_mode == ReplacementMode.Mean && !double.IsFinite(x)))
                {
                    continue;
                }

                count[s]++;
                acc[s] = _mode switch
                {
                    ReplacementMode.Mean => acc[s] + ((x - acc[s]) / count[s]), // running mean
                    ReplacementMode.Minimum => Math.Min(acc[s], x),
                    _ => Math.Max(acc[s], x),
                };
            }
        }

        for (int s = 0; s < slots; s++)
        {
            // A slot with no value at all is replaced by the default, 0.
            replacement[s] = count[s] == 0 ? 0 : acc[s];
        }
    }
}
