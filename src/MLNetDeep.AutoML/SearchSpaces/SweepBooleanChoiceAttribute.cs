namespace MLNetDeep.AutoML.SearchSpaces;

/// <summary>
/// Marks a Boolean property of an options type as a choice of false or true for <see cref="SweepSpace.FromType"/> (what
/// Microsoft.ML.SearchSpace's <c>[BooleanChoice]</c> does, under a name that does not collide with it).
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class SweepBooleanChoiceAttribute : Attribute
{
    /// <summary>A choice of false or true.</summary>
    /// <param name="defaultValue">The default. Default false.</param>
    public SweepBooleanChoiceAttribute(bool defaultValue = false)
    {
        DefaultValue = defaultValue;
    }

    /// <summary>The default value.</summary>
    public bool DefaultValue { get; }
}
