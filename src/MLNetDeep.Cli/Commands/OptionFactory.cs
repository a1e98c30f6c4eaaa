namespace MLNetDeep.Cli.Commands;

using System.CommandLine;
using System.Globalization;

/// <summary>Makes options whose bad values fail parsing with a message naming the option and the value.</summary>
internal static class OptionFactory
{
    /// <summary>An option taking one of <paramref name="choices"/> (case-insensitive).</summary>
    public static Option<T> Choice<T>(string name, string description, IReadOnlyDictionary<string, T> choices, bool required = false)
    {
        var option = new Option<T>(name)
        {
            Description = $"{description} One of: {string.Join(", ", choices.Keys)}.",
            Required = required,
            HelpName = string.Join("|", choices.Keys),
        };
        option.CustomParser = r =>
        {
            string token = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (choices.TryGetValue(token.ToLowerInvariant(), out T? value))
            {
                return value;
            }

            r.AddError($"{name} '{token}' is not valid; expected one of {string.Join(", ", choices.Keys)}.");
            return default;
        };
        return option;
    }

    /// <summary>A number option (null when not given) whose bad values fail with a message naming the option and the value.</summary>
    public static Option<T?> Number<T>(string name, string description, string helpName)
        where T : struct, IParsable<T>
    {
        var option = new Option<T?>(name) { Description = description, HelpName = helpName };
        option.CustomParser = r =>
        {
            string token = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (T.TryParse(token, CultureInfo.InvariantCulture, out T value))
            {
                return value;
            }

            r.AddError($"{name} '{token}' is not valid: expected {(typeof(T) == typeof(int) ? "an integer" : "a number")}.");
            return null;
        };
        return option;
    }

    /// <summary>An option parsed by <paramref name="parse"/>, which throws <see cref="FormatException"/> or <see cref="ArgumentException"/> on a bad value.</summary>
    public static Option<T?> Parsed<T>(string name, string description, string helpName, Func<string, T> parse)
        where T : class
    {
        var option = new Option<T?>(name) { Description = description, HelpName = helpName };
        option.CustomParser = r =>
        {
            string token = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            try
            {
                return parse(token);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
            {
                r.AddError($"{name} '{token}' is not valid: {e.Message}");
                return default;
            }
        };
        return option;
    }

    /// <summary>
    /// <c>--decimal-marker</c>, shared by every command that reads a CSV: the decimal marker of its numbers, '.' (default)
    /// or ',' (a European CSV: <c>3,14</c>, fields separated by ';'), as pandas' <c>decimal=</c> and ML.NET's
    /// <c>TextLoader.Options.DecimalMarker</c>. A model does not keep it: each file is read with its own.
    /// </summary>
    public static Option<char> DecimalMarker()
    {
        var option = new Option<char>("--decimal-marker")
        {
            Description = "The decimal marker of the CSV's numbers: . (default) or , (3,14 in a ;-separated file).",
            HelpName = ".|,",
            DefaultValueFactory = _ => '.',
        };
        option.CustomParser = r =>
        {
            string token = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (token is "." or ",")
            {
                return token[0];
            }

            r.AddError($"--decimal-marker '{token}' is not valid; expected . or ,.");
            return '.';
        };
        return option;
    }

    /// <summary>A comma-separated list of column names; empty names are an error.</summary>
    public static string[] ParseNameList(string text)
    {
        string[] names = text.Split(',').Select(n => n.Trim()).ToArray();
        if (names.Any(n => n.Length == 0))
        {
            throw new FormatException("a column name is empty; expected names such as x1,x2.");
        }

        return names;
    }
}
