namespace MLNetDeep.AutoML.SearchSpaces;

using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

/// <summary>
/// A search space: an ordered set of parameters, each mapped to one coordinate of the unit cube [0, 1]^d (what
/// Microsoft.ML.SearchSpace calls a <c>SearchSpace</c> and its feature space; named apart so that both namespaces can be
/// imported together). Tuners work in the cube; <see cref="SampleFromFeatureSpace"/> turns a cube point into parameter
/// values and <see cref="MappingToFeatureSpace"/> turns values back. Built in code with <see cref="AddFloat"/>,
/// <see cref="AddInt"/>, <see cref="AddChoice"/>, <see cref="AddBoolean"/>, or from an options type's
/// <see cref="SweepRangeAttribute"/>, <see cref="SweepChoiceAttribute"/>, <see cref="SweepBooleanChoiceAttribute"/> and
/// <see cref="SweepWhenAttribute"/> with <see cref="FromType"/>; the feed-forward trainers' default space is <see cref="FeedForwardSearchSpace.Create"/>.
/// A parameter may be conditional (<see cref="When"/>): active only when another choice or integer parameter has one of
/// given values. Every point the space makes (<see cref="SampleFromFeatureSpace"/>, <see cref="Default"/>) holds only its
/// active parameters, so every tuner samples the whole cube and then drops the inactive ones.
/// </summary>
public sealed class SweepSpace
{
    private readonly List<SearchParameter> _parameters = [];
    private readonly Dictionary<string, SweepCondition> _conditions = [];

    /// <summary>The parameters, in order (coordinate i of the cube is parameter i).</summary>
    public IReadOnlyList<SearchParameter> Parameters => _parameters;

    /// <summary>The number of dimensions.</summary>
    public int Count => _parameters.Count;

    /// <summary>The parameter named <paramref name="name"/>; throws naming it when absent.</summary>
    public SearchParameter this[string name] => _parameters.Find(p => p.Name == name)
        ?? throw new KeyNotFoundException($"The search space has no parameter '{name}'. It has: {string.Join(", ", _parameters.Select(p => p.Name))}.");

    /// <summary>Adds a parameter; names must be unique.</summary>
    public SweepSpace Add(SearchParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (_parameters.Exists(p => p.Name == parameter.Name))
        {
            throw new ArgumentException($"The search space already has a parameter '{parameter.Name}'.", nameof(parameter));
        }

        _parameters.Add(parameter);
        return this;
    }

    /// <summary>Adds a <see cref="FloatParameter"/>; see its constructor for the arguments.</summary>
    public SweepSpace AddFloat(string name, double min, double max, double? init = null, ParameterScale scale = ParameterScale.Linear) =>
        Add(new FloatParameter(name, min, max, init, scale));

    /// <summary>Adds an <see cref="IntParameter"/>; see its constructor for the arguments.</summary>
    public SweepSpace AddInt(string name, int min, int max, int? init = null, ParameterScale scale = ParameterScale.Linear) =>
        Add(new IntParameter(name, min, max, init, scale));

    /// <summary>Adds a <see cref="ChoiceParameter"/> whose default is the first value.</summary>
    public SweepSpace AddChoice(string name, params object[] values) => Add(new ChoiceParameter(name, values));

    /// <summary>Adds a choice of false or true.</summary>
    /// <param name="name">The name.</param>
    /// <param name="defaultValue">The default. Default false.</param>
    public SweepSpace AddBoolean(string name, bool defaultValue = false) => Add(new ChoiceParameter(name, [false, true], defaultValue ? 1 : 0));

    /// <summary>
    /// Makes <paramref name="parameter"/> active only when <paramref name="parent"/> (a choice or integer parameter of the
    /// space) has one of <paramref name="values"/>, and its parent is active itself. An inactive parameter is left out of
    /// the points the space makes.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The message names the parameter: unknown parameter or parent, a real parent, no values, a value the parent cannot
    /// take, a second condition, or conditions that form a cycle.
    /// </exception>
    public SweepSpace When(string parameter, string parent, params object[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        string where = $"Parameter '{parameter}'";
        if (!_parameters.Exists(p => p.Name == parameter))
        {
            throw new ArgumentException($"{where} is not in the search space, so it cannot have a condition. It has: {string.Join(", ", _parameters.Select(p => p.Name))}.");
        }

        if (_conditions.ContainsKey(parameter))
        {
            throw new ArgumentException($"{where} already has a condition (on '{_conditions[parameter].Parent}').");
        }

        SearchParameter p = _parameters.Find(p => p.Name == parent)
            ?? throw new ArgumentException($"{where}: its condition names '{parent}', which the search space does not have. It has: {string.Join(", ", _parameters.Select(p => p.Name))}.");
        if (values.Length == 0 || p is FloatParameter)
        {
            throw new ArgumentException(values.Length == 0 ? $"{where}: its condition on '{parent}' lists no values."
                : $"{where}: its condition names '{parent}', a real parameter; a condition needs a choice or integer parameter.");
        }

        object[] normalized = values.Select(v => Normalize(p, v) ?? throw new ArgumentException(
            $"{where}: its condition gives '{parent}' the value {Convert.ToString(v, CultureInfo.InvariantCulture)}, which '{parent}' cannot take ({Domain(p)}).")).ToArray();
        var chain = new List<string> { parameter };
        for (string? up = parent; up is not null; up = _conditions.GetValueOrDefault(up)?.Parent)
        {
            chain.Add(up);
            if (up == parameter)
            {
                throw new ArgumentException($"{where}: the conditions form a cycle: {string.Join(" -> ", chain)}.");
            }
        }

        _conditions[parameter] = new SweepCondition(parent, normalized);
        return this;
    }

    /// <summary>The condition of <paramref name="parameter"/>, or null when it is always active.</summary>
    public SweepCondition? ConditionOf(string parameter) => _conditions.GetValueOrDefault(parameter);

    /// <summary>The point of every active parameter's default.</summary>
    public SweepParameters Default => Active(_parameters.Select(p => new KeyValuePair<string, object>(p.Name, p.Default)).ToArray());

    /// <summary>The point at unit-cube coordinates <paramref name="unit"/> (one per parameter, each clamped to [0, 1]).</summary>
    public SweepParameters SampleFromFeatureSpace(ReadOnlySpan<double> unit)
    {
        if (unit.Length != _parameters.Count)
        {
            throw new ArgumentException($"The search space has {_parameters.Count} dimensions; {unit.Length} coordinates were given.", nameof(unit));
        }

        var items = new KeyValuePair<string, object>[_parameters.Count];
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = new(_parameters[i].Name, _parameters[i].FromUnit(unit[i]));
        }

        return Active(items);
    }

    /// <summary>The point of <paramref name="items"/> (one per parameter, in order) without its inactive parameters.</summary>
    private SweepParameters Active(KeyValuePair<string, object>[] items)
    {
        bool IsActive(int i) => !_conditions.TryGetValue(items[i].Key, out SweepCondition? c)
            || (_parameters.FindIndex(p => p.Name == c.Parent) is int parent && IsActive(parent) && c.Values.Contains(items[parent].Value));
        return new SweepParameters(items.Where((_, i) => IsActive(i)));
    }

    /// <summary>A value of <paramref name="p"/> (a choice or integer parameter) normalized as the parameter holds it, or null when it cannot take it.</summary>
    private static object? Normalize(SearchParameter p, object value)
    {
        try
        {
            return p switch
            {
                ChoiceParameter c => c.Values[c.IndexOf(value)],
                IntParameter i when value is int or long or short or byte && Convert.ToInt32(value, CultureInfo.InvariantCulture) is int v
                    && v >= i.Min && v <= i.Max && (int)i.FromUnit(i.ToUnit(v)) == v => v,
                _ => null,
            };
        }
        catch (Exception e) when (e is ArgumentException or OverflowException)
        {
            return null;
        }
    }

    private static string Domain(SearchParameter p) => p is ChoiceParameter c ? $"one of {string.Join(", ", c.Values)}"
        : p is IntParameter i ? $"an integer from {i.Min} to {i.Max}{(i.Scale == ParameterScale.PowerOfTwo ? ", a power of two" : "")}" : "";

    /// <summary>
    /// The unit-cube coordinates of <paramref name="parameter"/> (discrete values map to the centre of their cell); NaN for
    /// a parameter the point does not have (inactive in that trial), so that tuners and the importance fit each parameter
    /// on the trials that have it.
    /// </summary>
    public double[] MappingToFeatureSpace(SweepParameters parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        var unit = new double[_parameters.Count];
        for (int i = 0; i < unit.Length; i++)
        {
            SearchParameter p = _parameters[i];
            unit[i] = parameter.TryGetValue(p.Name, out object? v) ? p.ToUnit(v) : double.NaN;
        }

        return unit;
    }

    /// <summary>The canonical JSON of the space (parameters in order, invariant numbers); what <see cref="Fingerprint"/> hashes.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("parameters");
            foreach (SearchParameter p in _parameters)
            {
                writer.WriteStartObject();
                p.WriteJson(writer);
                if (_conditions.TryGetValue(p.Name, out SweepCondition? c))
                {
                    writer.WriteStartObject("when");
                    writer.WriteStartArray(c.Parent);
                    foreach (object v in c.Values)
                    {
                        ChoiceParameter.WriteValue(writer, v);
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// A stable fingerprint: the first 16 bytes of SHA-256 over <see cref="ToJson"/>, in lower-case hex. A study stores it
    /// so that resuming with a changed space is refused.
    /// </summary>
    public string Fingerprint => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson())).AsSpan(0, 16));

    /// <summary>
    /// Reads a space written by <see cref="ToJson"/> or by hand: an object with a <c>parameters</c> array of objects with
    /// <c>name</c> and <c>type</c>: <c>float</c> and <c>int</c> with <c>min</c>, <c>max</c>, <c>init</c> and <c>scale</c>,
    /// <c>choice</c> with <c>values</c> and optionally <c>default</c> (an index). Any parameter may have a condition
    /// (<see cref="When"/>), <c>"when": {"PARENT": [values]}</c>, or for an integer parent a range,
    /// <c>"when": {"PARENT": {"min": 2, "max": 3}}</c> (either bound may be left out: the parent's own).
    /// </summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    /// <exception cref="FormatException">
    /// The JSON is not a search space: the message names the parameter (by name, or by its index when it has no name) and
    /// the field that is missing or of the wrong type, or the value that is out of range.
    /// </exception>
    public static SweepSpace FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using JsonDocument doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("parameters", out JsonElement parameters)
            || parameters.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("a search space is an object with a \"parameters\" array.");
        }

        var space = new SweepSpace();
        int index = 0;
        var conditions = new List<(string Name, JsonElement When)>();
        foreach (JsonElement e in parameters.EnumerateArray())
        {
            string where = $"parameters[{index++}]";
            if (e.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{where}: a parameter is an object with a name and a type; it is {Kind(e)}.");
            }

            string name = Text(e, "name", where);
            where = $"parameter '{name}'";
            string type = Text(e, "type", where);
            try
            {
                switch (type)
                {
                    case "float":
                        space.AddFloat(name, Number(e, "min", where), Number(e, "max", where), Number(e, "init", where), Scale(e, where));
                        break;
                    case "int":
                        space.AddInt(name, Integer(e, "min", where), Integer(e, "max", where), Integer(e, "init", where), Scale(e, where));
                        break;
                    case "choice":
                        if (!e.TryGetProperty("values", out JsonElement values) || values.ValueKind != JsonValueKind.Array)
                        {
                            throw new FormatException($"{where}: \"values\" must be an array of strings, numbers or Booleans.");
                        }

                        object[] choices = Values(values, $"{where}: the values");
                        space.Add(new ChoiceParameter(name, choices, e.TryGetProperty("default", out _) ? Integer(e, "default", where) : 0));
                        break;
                    default:
                        throw new FormatException($"{where}: unknown type '{type}' (float, int or choice).");
                }
            }
            catch (ArgumentException ex)
            {
                throw new FormatException(ex.Message, ex);
            }

            if (e.TryGetProperty("when", out JsonElement when))
            {
                conditions.Add((name, when));
            }
        }

        foreach (var (name, when) in conditions)
        {
            ReadCondition(space, name, when);
        }

        return space;
    }

    /// <summary>The items of a JSON array of choice values (strings, numbers, Booleans); <paramref name="what"/> starts the error.</summary>
    private static object[] Values(JsonElement array, string what) => array.EnumerateArray()
        .Select(x => ChoiceParameter.ReadJson(x, asInt: true, () => new FormatException($"{what} must be strings, numbers or Booleans; one is {Kind(x)}."))).ToArray();

    private static void ReadCondition(SweepSpace space, string name, JsonElement when)
    {
        string where = $"parameter '{name}'";
        if (when.ValueKind != JsonValueKind.Object || when.EnumerateObject().Count() != 1)
        {
            throw new FormatException($"{where}: \"when\" must be an object with one parent, {{\"PARENT\": [values]}} or {{\"PARENT\": {{\"min\": A, \"max\": B}}}}; it is {Kind(when)}.");
        }

        JsonProperty parent = when.EnumerateObject().First();
        JsonElement v = parent.Value;
        object[] values;
        if (v.ValueKind == JsonValueKind.Object)
        {
            if (space._parameters.Find(p => p.Name == parent.Name) is not IntParameter range)
            {
                throw new FormatException($"{where}: a range in \"when\" needs an integer parent; '{parent.Name}' is not an integer parameter of the space.");
            }

            values = range.Values(v.TryGetProperty("min", out _) ? Integer(v, "min", where + " \"when\"") : int.MinValue,
                v.TryGetProperty("max", out _) ? Integer(v, "max", where + " \"when\"") : int.MaxValue);
        }
        else if (v.ValueKind == JsonValueKind.Array)
        {
            values = Values(v, $"{where}: the values in \"when\"");
        }
        else
        {
            throw new FormatException($"{where}: \"when\": \"{parent.Name}\" must be an array of values or a range {{\"min\": A, \"max\": B}}; it is {Kind(v)}.");
        }

        try
        {
            space.When(name, parent.Name, values);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException(ex.Message, ex);
        }
    }

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string {e.GetRawText()}",
        JsonValueKind.Null => "null",
        _ => e.GetRawText(),
    };

    private static JsonElement Field(JsonElement e, string field, string where) =>
        e.TryGetProperty(field, out JsonElement v) ? v : throw new FormatException($"{where}: \"{field}\" is missing.");

    private static string Text(JsonElement e, string field, string where)
    {
        JsonElement v = Field(e, field, where);
        return v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s
            : throw new FormatException($"{where}: \"{field}\" must be a non-empty string; it is {Kind(v)}.");
    }

    private static double Number(JsonElement e, string field, string where)
    {
        JsonElement v = Field(e, field, where);
        return v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) ? d
            : throw new FormatException($"{where}: \"{field}\" must be a number; it is {Kind(v)}.");
    }

    private static int Integer(JsonElement e, string field, string where)
    {
        JsonElement v = Field(e, field, where);
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i
            : throw new FormatException($"{where}: \"{field}\" must be an integer; it is {Kind(v)}.");
    }

    private static ParameterScale Scale(JsonElement e, string where)
    {
        string text = Text(e, "scale", where);
        return Enum.TryParse(text, ignoreCase: false, out ParameterScale scale) && Enum.IsDefined(scale) && !char.IsDigit(text[0]) ? scale
            : throw new FormatException($"{where}: unknown scale '{text}' ({string.Join(", ", Enum.GetNames<ParameterScale>())}).");
    }

    /// <summary>Reads a point written by <see cref="SweepParameters.ToJson"/>, typing each value by this space's parameters (names the space lacks are refused).</summary>
    public SweepParameters ParseParameter(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using JsonDocument doc = JsonDocument.Parse(json);
        var items = new List<KeyValuePair<string, object>>();
        foreach (JsonProperty p in doc.RootElement.EnumerateObject())
        {
            items.Add(new(p.Name, this[p.Name].ReadValue(p.Value)));
        }

        return new SweepParameters(items);
    }

    /// <summary>The space of the attributed properties of <typeparamref name="TOptions"/>; see <see cref="FromType"/>.</summary>
    public static SweepSpace FromType<TOptions>() => FromType(typeof(TOptions));

    /// <summary>
    /// The space of the properties of <paramref name="optionsType"/> carrying <see cref="SweepRangeAttribute"/>,
    /// <see cref="SweepChoiceAttribute"/> or <see cref="SweepBooleanChoiceAttribute"/>, in declaration order. Range properties of
    /// type <see cref="int"/> become integer parameters, float and double ones real parameters. A property with
    /// <see cref="SweepWhenAttribute"/> is conditional (<see cref="When"/>); its parent may be declared before or after it.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The message names the type and the property: an attribute on a property of the wrong type, or a condition
    /// <see cref="When"/> refuses (with its message), values and a range together, or a range on a parent that is not an integer.
    /// </exception>
    public static SweepSpace FromType(Type optionsType)
    {
        ArgumentNullException.ThrowIfNull(optionsType);
        var space = new SweepSpace();
        var conditions = new List<(string Name, SweepWhenAttribute When)>();
        foreach (PropertyInfo p in optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken))
        {
            if (p.GetCustomAttribute<SweepWhenAttribute>() is SweepWhenAttribute w)
            {
                conditions.Add((p.Name, w));
            }

            if (p.GetCustomAttribute<SweepRangeAttribute>() is SweepRangeAttribute r)
            {
                if (p.PropertyType == typeof(int))
                {
                    space.AddInt(p.Name, (int)r.Min, (int)r.Max, (int)r.Init, r.Scale);
                }
                else if (p.PropertyType == typeof(float) || p.PropertyType == typeof(double))
                {
                    space.AddFloat(p.Name, r.Min, r.Max, r.Init, r.Scale);
                }
                else
                {
                    throw new ArgumentException($"{optionsType.Name}.{p.Name}: [SweepRange] needs an int, float or double property; it is {p.PropertyType.Name}.");
                }
            }
            else if (p.GetCustomAttribute<SweepChoiceAttribute>() is SweepChoiceAttribute c)
            {
                space.AddChoice(p.Name, [.. c.Values]);
            }
            else if (p.GetCustomAttribute<SweepBooleanChoiceAttribute>() is SweepBooleanChoiceAttribute b)
            {
                if (p.PropertyType != typeof(bool))
                {
                    throw new ArgumentException($"{optionsType.Name}.{p.Name}: [SweepBooleanChoice] needs a bool property; it is {p.PropertyType.Name}.");
                }

                space.AddBoolean(p.Name, b.DefaultValue);
            }
        }

        foreach (var (name, w) in conditions)
        {
            string where = $"{optionsType.Name}.{name}: [SweepWhen]";
            object[] values = [.. w.Values];
            if (w.Min != int.MinValue || w.Max != int.MaxValue)
            {
                values = values.Length > 0 ? throw new ArgumentException($"{where} gives values and a range (Min, Max); give one of them.")
                    : space._parameters.Find(x => x.Name == w.Parent) is IntParameter range ? range.Values(w.Min, w.Max)
                    : throw new ArgumentException($"{where}: a range (Min, Max) needs an integer parent; '{w.Parent}' is not an integer parameter of the space.");
            }

            try
            {
                space.When(name, w.Parent, values);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"{optionsType.Name}: {e.Message}", e);
            }
        }

        return space;
    }

    /// <summary>
    /// A copy of <paramref name="options"/> (a record is cloned as <c>with</c> would; any other type is created with its
    /// parameterless constructor and its writable properties copied) with every property named in <paramref name="parameter"/> set to its value, converted
    /// to the property's type (enums parsed from their names). A property the point does not name (a conditional parameter
    /// inactive in the trial) keeps its value in <paramref name="options"/>: for a new object, the property's initializer,
    /// not the attribute's <c>init</c>.
    /// </summary>
    public static T Apply<T>(T options, SweepParameters parameter)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(parameter);
        Type type = options.GetType();
        MethodInfo? clone = type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance);
        T copy;
        if (clone is not null)
        {
            copy = (T)clone.Invoke(options, null)!;
        }
        else
        {
            copy = (T)Activator.CreateInstance(type)!;
            foreach (PropertyInfo p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.CanWrite && p.GetIndexParameters().Length == 0))
            {
                p.SetValue(copy, p.GetValue(options));
            }
        }

        foreach (var (name, value) in parameter)
        {
            PropertyInfo? p = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
            if (p is null || !p.CanWrite)
            {
                continue;
            }

            Type target = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            object converted = target.IsEnum
                ? Enum.Parse(target, Convert.ToString(value, CultureInfo.InvariantCulture)!)
                : Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
            p.SetValue(copy, converted);
        }

        return copy;
    }
}
