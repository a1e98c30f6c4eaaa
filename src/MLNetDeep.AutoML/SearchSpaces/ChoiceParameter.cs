namespace MLNetDeep.AutoML.SearchSpaces;

using System.Globalization;
using System.Text.Json;

/// <summary>
/// A choice among values (strings, Booleans, integers, reals; enum members are kept as their names). The unit
/// coordinate is split into equal cells, one per value, in the order given.
/// </summary>
public sealed class ChoiceParameter : SearchParameter
{
    private readonly object[] _values;
    private readonly int _init;

    /// <summary>Creates a choice parameter.</summary>
    /// <param name="name">The name.</param>
    /// <param name="values">The values (at least one, distinct).</param>
    /// <param name="defaultIndex">The index of the default value. Default 0.</param>
    public ChoiceParameter(string name, IReadOnlyList<object> values, int defaultIndex = 0)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException($"SweepParameters '{name}': a choice needs at least one value.");
        }

        _values = values.Select(Normalize).ToArray();
        if (_values.Distinct().Count() != _values.Length)
        {
            throw new ArgumentException($"SweepParameters '{name}': the choices must be distinct.");
        }

        if (defaultIndex < 0 || defaultIndex >= _values.Length)
        {
            throw new ArgumentException($"SweepParameters '{name}': the default index {defaultIndex} is outside the {_values.Length} choices.");
        }

        _init = defaultIndex;
    }

    /// <summary>The values, in order (normalized: enum members as names, integers as <see cref="int"/>, reals as <see cref="double"/>).</summary>
    public IReadOnlyList<object> Values => _values;

    /// <inheritdoc/>
    public override object Default => _values[_init];

    /// <inheritdoc/>
    public override int? DistinctCount => _values.Length;

    /// <summary>The index of <paramref name="value"/> among <see cref="Values"/>; throws for a value that is not a choice.</summary>
    public int IndexOf(object value)
    {
        object v = Normalize(value);
        int i = Array.IndexOf(_values, v);
        return i >= 0 ? i : throw new ArgumentException($"SweepParameters '{Name}': {value} is not one of the choices {string.Join(", ", _values)}.");
    }

    /// <inheritdoc/>
    public override object FromUnit(double u) => _values[Math.Min(_values.Length - 1, (int)Math.Floor(Clamp01(u) * _values.Length))];

    /// <inheritdoc/>
    public override double ToUnit(object value) => (IndexOf(value) + 0.5) / _values.Length;

    /// <inheritdoc/>
    public override IReadOnlyList<double> GridPoints(int steps) => Enumerable.Range(0, _values.Length).Select(i => (i + 0.5) / _values.Length).ToArray();

    internal override void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteString("name", Name);
        writer.WriteString("type", "choice");
        writer.WriteStartArray("values");
        foreach (object v in _values)
        {
            WriteValue(writer, v);
        }

        writer.WriteEndArray();
        writer.WriteNumber("default", _init);
    }

    internal override object ReadValue(JsonElement element) => _values[IndexOf(ReadJson(element, _values.Any(x => x is int),
        () => new FormatException($"SweepParameters '{Name}': cannot read a choice from JSON {element.ValueKind}.")))];

    /// <summary>
    /// A choice value from JSON: a Boolean, a string, or a number (an <see cref="int"/> when <paramref name="asInt"/> and it
    /// is one, else a <see cref="double"/>); anything else throws <paramref name="error"/>'s exception.
    /// </summary>
    internal static object ReadJson(JsonElement element, bool asInt, Func<Exception> error) => element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.Number when asInt && element.TryGetInt32(out int i) => i,
        JsonValueKind.Number => element.GetDouble(),
        _ => throw error(),
    };

    internal static void WriteValue(Utf8JsonWriter writer, object v)
    {
        switch (v)
        {
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case double d: writer.WriteNumberValue(d); break;
            default: writer.WriteStringValue(Convert.ToString(v, CultureInfo.InvariantCulture)); break;
        }
    }

    internal static object Normalize(object value) => value switch
    {
        null => throw new ArgumentException("A choice cannot be null."),
        Enum e => e.ToString(),
        bool or string or int or double => value,
        byte or sbyte or short or ushort or long or uint => Convert.ToInt32(value, CultureInfo.InvariantCulture),
        float f => (double)f,
        decimal m => (double)m,
        _ => throw new ArgumentException($"A choice must be a string, Boolean, number or enum member; found {value.GetType().Name}."),
    };
}
