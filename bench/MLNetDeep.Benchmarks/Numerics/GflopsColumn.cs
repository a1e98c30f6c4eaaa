using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace MLNetDeep.Benchmarks.Numerics;

/// <summary>A summary column: 2*m*n*k of the benchmark's <see cref="GemmShape"/> over the median time, in GFLOP/s.</summary>
public sealed class GflopsColumn : IColumn
{
    /// <inheritdoc/>
    public string Id => nameof(GflopsColumn);

    /// <inheritdoc/>
    public string ColumnName => "GFLOP/s";

    /// <inheritdoc/>
    public bool AlwaysShow => true;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc/>
    public int PriorityInCategory => 0;

    /// <inheritdoc/>
    public bool IsNumeric => true;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc/>
    public string Legend => "2*m*n*k / median time, in 10^9 floating-point operations per second";

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } stats
            || benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == nameof(GemmBenchmarks.Shape))?.Value is not GemmShape shape)
        {
            return "-";
        }

        return (shape.Flops / stats.Median).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
