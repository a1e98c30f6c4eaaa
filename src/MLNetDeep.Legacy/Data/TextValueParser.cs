namespace MLNetDeep.Legacy.Data;

using System.Globalization;

/// <summary>
/// Parses delimited-text fields into column values with the invariant culture (ML.NET's text loader rules, simplified).
/// </summary>
/// <remarks>
/// Missing values: an empty field, <c>?</c>, <c>NaN</c> or <c>NA</c> (case-insensitive) is NaN in a Single or Double column
/// or vector slot, and the empty string in a Text column; in Int32, Int64 and Boolean columns it is an error. A key
/// field is the key's number (1..count); empty or 0 means missing (key 0). Booleans are <c>true</c>/<c>false</c>/<c>1</c>/<c>0</c>,
/// case-insensitive.
/// </remarks>
internal static class TextValueParser
{
    private const NumberStyles FloatStyle = NumberStyles.Float;

    /// <summary>Whether the field is one of the missing-value markers.</summary>
    public static bool IsMissing(ReadOnlySpan<char> s) =>
        s.IsEmpty || s is "?" || s.Equals("NaN", StringComparison.OrdinalIgnoreCase) || s.Equals("NA", StringComparison.OrdinalIgnoreCase);

    public static bool TryParseSingle(ReadOnlySpan<char> s, out float value)
    {
        if (IsMissing(s))
        {
            value = float.NaN;
            return true;
        }

        return float.TryParse(s, FloatStyle, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryParseDouble(ReadOnlySpan<char> s, out double value)
    {
        if (IsMissing(s))
        {
            value = double.NaN;
            return true;
        }

        return double.TryParse(s, FloatStyle, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryParseInt32(ReadOnlySpan<char> s, out int value) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    public static bool TryParseInt64(ReadOnlySpan<char> s, out long value) =>
        long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    public static bool TryParseBoolean(ReadOnlySpan<char> s, out bool value)
    {
        s = s.Trim();
        if (s.Equals("true", StringComparison.OrdinalIgnoreCase) || s is "1")
        {
            value = true;
            return true;
        }

        value = false;
        return s.Equals("false", StringComparison.OrdinalIgnoreCase) || s is "0";
    }

    public static bool TryParseKey(ReadOnlySpan<char> s, int count, out uint value)
    {
        if (s.Trim().IsEmpty)
        {
            value = 0;
            return true;
        }

        return uint.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value <= count;
    }
}
