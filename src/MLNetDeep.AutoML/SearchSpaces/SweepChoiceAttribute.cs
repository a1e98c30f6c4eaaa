namespace MLNetDeep.AutoML.SearchSpaces;

/// <summary>Marks a property of an options type as a choice among the given values (ML.NET AutoML's <c>[Choice]</c>); the first is the default.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class ChoiceAttribute : Attribute
{
    /// <summary>A choice among <paramref name="values"/> (strings, Booleans, numbers or enum members).</summary>
    public ChoiceAttribute(params object[] values)
    {
        Values = values ?? throw new ArgumentNullException(nameof(values));
    }

    /// <summary>The values, in order.</summary>
    public IReadOnlyList<object> Values { get; }
}
