namespace MLNetDeep.AutoML.SearchSpaces;

/// <summary>
/// Makes a property of an options type (one with <see cref="SweepRangeAttribute"/>, <see cref="SweepChoiceAttribute"/> or
/// <see cref="SweepBooleanChoiceAttribute"/>) a conditional parameter of <see cref="SweepSpace.FromType"/>: active only when
/// another swept property, its parent, has one of <see cref="Values"/> or, for an integer parent, lies in
/// [<see cref="Min"/>, <see cref="Max"/>] (<see cref="SweepSpace.When"/>, and <c>"when"</c> in JSON). Microsoft.ML.SearchSpace
/// has no conditions (its <c>[NestOption]</c> nests a space that is always active); this is Optuna's <c>if</c> on a
/// suggested value, declared. A trial in which the property is inactive does not hold it, so
/// <see cref="SweepSpace.Apply"/> leaves it as it is in the options given.
/// </summary>
/// <example><c>[SweepWhen(nameof(Optimizer), "adam")]</c>, <c>[SweepWhen(nameof(HiddenLayerCount), Min = 3)]</c>.</example>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class SweepWhenAttribute : Attribute
{
    /// <summary>Active when <paramref name="parent"/> has one of <paramref name="values"/>; none, with <see cref="Min"/> or <see cref="Max"/> set, for a range.</summary>
    /// <param name="parent">The name of the deciding property (<c>nameof</c> it).</param>
    /// <param name="values">The parent's values (strings, Booleans, numbers or enum members, as its attribute lists them).</param>
    public SweepWhenAttribute(string parent, params object[] values)
    {
        Parent = parent ?? throw new ArgumentNullException(nameof(parent));
        Values = values ?? throw new ArgumentNullException(nameof(values));
    }

    /// <summary>The name of the deciding property.</summary>
    public string Parent { get; }

    /// <summary>The parent's values under which the property is active; empty for a range.</summary>
    public IReadOnlyList<object> Values { get; }

    /// <summary>For an integer parent and no <see cref="Values"/>: the smallest value under which the property is active. Default: the parent's own.</summary>
    public int Min { get; set; } = int.MinValue;

    /// <summary>For an integer parent and no <see cref="Values"/>: the largest value under which the property is active. Default: the parent's own.</summary>
    public int Max { get; set; } = int.MaxValue;
}
