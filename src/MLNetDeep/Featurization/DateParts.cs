namespace MLNetDeep.Featurization;

using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

/// <summary>
/// The features of a date column (<see cref="CsvColumnKind.Date"/>): a text column of ISO 8601 dates or date-times
/// becomes <see cref="Count"/> numbers that a network can use, where the text's character n-grams could not. The
/// mapping is a stateless <c>CustomMapping</c> whose contract name is permanent (ML.NET saves only the name and finds
/// the factory in this assembly when a model is loaded): never change what a published name computes.
/// </summary>
internal static class DateParts
{
    /// <summary>The contract name of the mapping.</summary>
    public const string Contract = "MLNetDeep.Featurization.DateParts.v1";

    /// <summary>
    /// How many numbers a date becomes, in slot order: the date as a fractional year (a trend); the month, the weekday
    /// (Sunday 0) and the time of day each as a sine and a cosine (points on a circle: December is next to January);
    /// the day of the month.
    /// </summary>
    public const int Count = 8;

    internal const string InputColumn = "MLNetDeep.Date.Text";
    private const string OutputColumn = "MLNetDeep.Date.Parts";

    // yyyy-MM-dd, alone or with a time (T or a space; minutes, seconds or fractions) and an optional zone (Z or +hh:mm).
    private static readonly string[] Formats =
        ["yyyy-MM-dd", .. from separator in new[] { "'T'", " " } from time in new[] { "HH:mm", "HH:mm:ss", "HH:mm:ss.FFFFFFF" } from zone in new[] { "", "K" } select $"yyyy-MM-dd{separator}{time}{zone}"];

    /// <summary>
    /// Reads an ISO 8601 date (<c>2026-12-07</c>) or date-time (<c>2026-12-07T19:30</c>, <c>2026-12-07 19:30:15.25</c>,
    /// with an optional <c>Z</c> or <c>+01:00</c>) as the clock time written, its zone ignored (a 9 o'clock sale is one
    /// in the morning wherever it was).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTime clock)
    {
        if (DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset when))
        {
            clock = when.DateTime;
            return true;
        }

        clock = default;
        return false;
    }

    /// <summary>
    /// The steps that write <paramref name="outputColumnName"/>, a vector of <see cref="Count"/> Singles, from the text
    /// column <paramref name="inputColumnName"/>: a missing or unreadable date gives NaN in every slot (which
    /// <c>ReplaceMissingValues</c> then fills in as for any number).
    /// </summary>
    public static IEstimator<ITransformer> Estimator(TransformsCatalog catalog, string outputColumnName, string inputColumnName) =>
        catalog.CopyColumns(InputColumn, inputColumnName)
            .Append(catalog.CustomMapping<DateText, DateFeatures>(Factory.Map, Contract))
            .Append(catalog.CopyColumns(outputColumnName, OutputColumn))
            .Append(catalog.DropColumns(InputColumn, OutputColumn));

    private static void Map(string? text, float[] parts)
    {
        if (text is null || CsvValues.IsMissing(text) || !TryParse(text, out DateTime t))
        {
            Array.Fill(parts, float.NaN);
            return;
        }

        double days = DateTime.IsLeapYear(t.Year) ? 366 : 365;
        double dayFraction = t.TimeOfDay.TotalDays;
        (parts[0], parts[1], parts[2]) = ((float)(t.Year + ((t.DayOfYear - 1 + dayFraction) / days)), Sin(t.Month - 1, 12), Cos(t.Month - 1, 12));
        (parts[3], parts[4]) = (Sin((int)t.DayOfWeek, 7), Cos((int)t.DayOfWeek, 7));
        (parts[5], parts[6], parts[7]) = ((float)Math.Sin(2 * Math.PI * dayFraction), (float)Math.Cos(2 * Math.PI * dayFraction), t.Day);
    }

    private static float Sin(int step, int steps) => (float)Math.Sin(2 * Math.PI * step / steps);

    private static float Cos(int step, int steps) => (float)Math.Cos(2 * Math.PI * step / steps);

    internal sealed class DateText
    {
        [ColumnName(InputColumn)]
        public string Text = "";
    }

    internal sealed class DateFeatures
    {
        [ColumnName(OutputColumn)]
        [VectorType(Count)]
        public float[] Parts = new float[Count];
    }

    [CustomMappingFactoryAttribute(Contract)]
    internal sealed class Factory : CustomMappingFactory<DateText, DateFeatures>
    {
        public static void Map(DateText input, DateFeatures output)
        {
            output.Parts = new float[Count];
            DateParts.Map(input.Text, output.Parts);
        }

        public override Action<DateText, DateFeatures> GetMapping() => Map;
    }
}
