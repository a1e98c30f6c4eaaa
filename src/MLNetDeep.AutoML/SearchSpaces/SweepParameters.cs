namespace MLNetDeep.AutoML.SearchSpaces;

using System.Collections;
using System.Globalization;
using System.Text.Json;

/// <summary>
/// One point of a search space, the hyperparameters of one trial: a value per parameter name (what
/// Microsoft.ML.SearchSpace calls a <c>Parameter</c>; named apart so that both namespaces can be imported together).
/// Reals are <see cref="double"/>, integers <see cref="int"/>, choices their normalized value. Immutable; compare with
/// <see cref="ToJson"/>. As an <see cref="IReadOnlyDictionary{TKey, TValue}"/> it goes straight into
/// <c>FeedForwardKnobs.ApplySweep</c>.
/// </summary>
public sealed class SweepParameters : IReadOnlyDictionary<string, object>
{
    private readonly KeyValuePair<string, object>[] _items;

    /// <summary>Creates a point from name/value pairs, kept in the order given.</summary>
    public SweepParameters(IEnumerable<KeyValuePair<string, object>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _items = values.ToArray();
    }

    /// <summary>The number of parameters.</summary>
    public int Count => _items.Length;

    /// <summary>The names, in the space's order.</summary>
    public IEnumerable<string> Keys => _items.Select(p => p.Key);

    /// <summary>The values, in the space's order.</summary>
    public IEnumerable<object> Values => _items.Select(p => p.Value);

    /// <summary>The value of parameter <paramref name="key"/>; throws naming the parameter when it is absent.</summary>
    public object this[string key] => TryGetValue(key, out object? v) ? v : throw new KeyNotFoundException($"The point has no parameter '{key}'. It has: {string.Join(", ", Keys)}.");

    /// <summary>True when the point has parameter <paramref name="key"/>.</summary>
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <summary>Looks up parameter <paramref name="key"/>.</summary>
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out object value)
    {
        int i = Array.FindIndex(_items, p => p.Key == key);
        value = i >= 0 ? _items[i].Value : null;
        return i >= 0;
    }

    /// <summary>The value of <paramref name="key"/> as a real; throws <see cref="InvalidCastException"/> naming the parameter and its value when it is not a number.</summary>
    public double GetDouble(string key) => Get(key, "a number", v => Convert.ToDouble(v, CultureInfo.InvariantCulture));

    /// <summary>The value of <paramref name="key"/> as an integer (a real is rounded); throws <see cref="InvalidCastException"/> naming the parameter and its value when it is not a number.</summary>
    public int GetInt(string key) => Get(key, "an integer", v => Convert.ToInt32(v, CultureInfo.InvariantCulture));

    /// <summary>The value of <paramref name="key"/> as a Boolean; throws <see cref="InvalidCastException"/> naming the parameter and its value when it is not one.</summary>
    public bool GetBool(string key) => Get(key, "a Boolean", v => Convert.ToBoolean(v, CultureInfo.InvariantCulture));

    /// <summary>The value of <paramref name="key"/> as a string (invariant culture).</summary>
    public string GetString(string key) => Convert.ToString(this[key], CultureInfo.InvariantCulture)!;

    private T Get<T>(string key, string what, Func<object, T> convert)
    {
        object value = this[key];
        try
        {
            // Convert reads a Boolean as 0 or 1 and a number as true unless 0: a parameter of the other kind is a mistake.
            return value is string || (value is bool) == (typeof(T) == typeof(bool)) ? convert(value) : throw new InvalidCastException();
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
        {
            string getter = value switch { bool => "GetBool", int => "GetInt", double => "GetDouble", _ => "GetString" };
            throw new InvalidCastException($"Parameter '{key}' is {(value is string ? $"\"{value}\"" : Convert.ToString(value, CultureInfo.InvariantCulture))}, not {what}: read it with {getter}.", e);
        }
    }

    /// <summary>A copy with <paramref name="key"/> set to <paramref name="value"/> (added at the end when absent).</summary>
    public SweepParameters With(string key, object value)
    {
        var items = _items.ToList();
        int i = items.FindIndex(p => p.Key == key);
        if (i >= 0)
        {
            items[i] = new(key, value);
        }
        else
        {
            items.Add(new(key, value));
        }

        return new SweepParameters(items);
    }

    /// <summary>The point as a JSON object, parameters in order.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var p in _items)
            {
                writer.WritePropertyName(p.Key);
                ChoiceParameter.WriteValue(writer, p.Value);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <inheritdoc/>
    public override string ToString() => ToJson();

    /// <summary>Enumerates the name/value pairs in order.</summary>
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object>>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
