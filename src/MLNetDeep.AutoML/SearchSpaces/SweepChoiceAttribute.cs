namespace MLNetDeep.AutoML.SearchSpaces;

/// <summary>
/// Marks a property of an options type as a choice among the given values for <see cref="SweepSpace.FromType"/> (what
/// Microsoft.ML.SearchSpace's <c>[Choice]</c> does, under a name that does not collide with it); the first value is the
/// default.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class SweepChoiceAttribute : Attribute
{
    /// <summary>A choice among <paramref name="values"/> (strings, Booleans, numbers or enum members).</summary>
    public SweepChoiceAttribute(params object[] values)
    {
        Values = values ?? throw new ArgumentNullException(nameof(values));
    }

    /// <summary>The values, in order.</summary>
    public IReadOnlyList<object> Values { get; }
}
