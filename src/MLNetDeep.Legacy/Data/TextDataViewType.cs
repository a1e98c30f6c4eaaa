namespace MLNetDeep.Legacy.Data;

/// <summary>The text column type (<c>string</c>; ML.NET uses <c>ReadOnlyMemory&lt;char&gt;</c>).</summary>
public sealed class TextDataViewType : DataViewType
{
    private TextDataViewType()
        : base(typeof(string))
    {
    }

    /// <summary>The one instance.</summary>
    public static TextDataViewType Instance { get; } = new();

    /// <inheritdoc/>
    public override bool Equals(DataViewType? other) => ReferenceEquals(this, other);

    /// <inheritdoc/>
    public override string ToString() => "Text";
}
