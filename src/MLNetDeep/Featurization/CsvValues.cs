namespace MLNetDeep.Featurization;

using System.Globalization;
using Microsoft.ML.Data;

/// <summary>
/// How a field's text reads as a value, kept in step with ML.NET's <c>TextLoader</c> (checked by the tests): numbers with
/// the invariant culture, surrounding spaces allowed; Booleans as <c>true/false/t/f/yes/no/y/n/1/0/-1</c> in any case.
/// </summary>
internal static class CsvValues
{
    private static readonly string[] MissingMarkers = ["?", "NA", "N/A", "NaN", "null"];

    /// <summary>Whether the field is a missing value: empty, only spaces, or one of <c>? NA N/A NaN null</c> (any case).</summary>
    public static bool IsMissing(ReadOnlySpan<char> field)
    {
        ReadOnlySpan<char> s = field.Trim();
        if (s.IsEmpty)
        {
            return true;
        }

        foreach (string marker in MissingMarkers)
        {
            if (s.Equals(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly NumberFormatInfo DecimalComma = new() { NumberDecimalSeparator = ",", NumberGroupSeparator = "\u00a0" };

    /// <summary>Whether a non-missing field is a number written with <paramref name="decimalMarker"/> ('.' or ',').</summary>
    public static bool IsNumber(ReadOnlySpan<char> field, char decimalMarker = '.') => TryParse(field, decimalMarker, out _);

    /// <summary>Parses a number written with <paramref name="decimalMarker"/> ('.' or ','), surrounding spaces allowed.</summary>
    public static bool TryParse(ReadOnlySpan<char> field, char decimalMarker, out float value) =>
        float.TryParse(field.Trim(), NumberStyles.Float, decimalMarker == ',' ? DecimalComma : NumberFormatInfo.InvariantInfo, out value);

    /// <summary>
    /// Whether a quoted field is a number with white space on both sides inside the quotes (<c>" 2 "</c>), which ML.NET's
    /// loader does not read as a number (a Single is NaN, an integer type fails), though it reads <c>" 2"</c>,
    /// <c>"2 "</c> and an unquoted <c> 2 </c>; with a decimal comma a space before the number is enough (<c>" 7,5"</c>).
    /// </summary>
    public static bool IsPaddedQuotedNumber(ReadOnlySpan<char> field, bool quoted, char decimalMarker = '.') =>
        quoted && field.Length >= 2 && char.IsWhiteSpace(field[0]) && (decimalMarker == ',' || char.IsWhiteSpace(field[^1])) && !IsMissing(field) && IsNumber(field, decimalMarker);

    /// <summary>
    /// Whether a field that is not a number would be one without its commas: a decimal comma (<c>1,5</c>) or thousands
    /// separators (<c>1,234.5</c>), which ML.NET's loader does not read as numbers.
    /// </summary>
    public static bool IsNumberWithCommas(ReadOnlySpan<char> field) =>
        field.Contains(',') && IsNumber(field.ToString().Replace(",", "", StringComparison.Ordinal));

    /// <summary>Whether a field parses as a value of <paramref name="kind"/> the way ML.NET's loader does (missing values allowed where ML.NET allows them).</summary>
    public static bool Parses(ReadOnlySpan<char> field, DataKind kind, char decimalMarker = '.')
    {
        ReadOnlySpan<char> s = field.Trim();
        switch (kind)
        {
            case DataKind.Single:
            case DataKind.Double:
                return IsMissing(s) || IsNumber(s, decimalMarker);
            case DataKind.Boolean:
                return s.IsEmpty || IsBoolean(s);
            case DataKind.SByte:
            case DataKind.Int16:
            case DataKind.Int32:
            case DataKind.Int64:
                return s.IsEmpty || long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
            case DataKind.Byte:
            case DataKind.UInt16:
            case DataKind.UInt32:
            case DataKind.UInt64:
                return s.IsEmpty || ulong.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
            default:
                return true;
        }
    }

    /// <summary>A few words describing what <paramref name="kind"/> accepts, for messages.</summary>
    public static string Expected(DataKind kind) => kind switch
    {
        DataKind.Single or DataKind.Double => "a number",
        DataKind.Boolean => "true or false (also t/f, yes/no, y/n, 1/0)",
        DataKind.SByte or DataKind.Int16 or DataKind.Int32 or DataKind.Int64 => "an integer",
        DataKind.Byte or DataKind.UInt16 or DataKind.UInt32 or DataKind.UInt64 => "a non-negative integer",
        _ => "text",
    };

    /// <summary>The number of whitespace-separated words in a field.</summary>
    public static int WordCount(ReadOnlySpan<char> field)
    {
        int words = 0;
        bool inWord = false;
        foreach (char c in field)
        {
            bool space = char.IsWhiteSpace(c);
            if (!space && !inWord)
            {
                words++;
            }

            inWord = !space;
        }

        return words;
    }

    private static bool IsBoolean(ReadOnlySpan<char> s)
    {
        foreach (string word in (string[])["true", "false", "t", "f", "yes", "no", "y", "n", "1", "0", "-1"])
        {
            if (s.Equals(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
