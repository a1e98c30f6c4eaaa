namespace MLNetDeep.AutoML.SearchSpaces;

/// <summary>Marks a Boolean property of an options type as a choice of false or true (ML.NET AutoML's <c>[BooleanChoice]</c>).</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class BooleanChoiceAttribute : Attribute
{
    /// <summary>A choice of false or true.</summary>
    /// <param name="defaultValue">The default. Default false.</param>
    public BooleanChoiceAttribute(bool defaultValue = false)
    {
        DefaultValue = defaultValue;
    }

    /// <summary>The default value.</summary>
    public bool DefaultValue { get; }
}
