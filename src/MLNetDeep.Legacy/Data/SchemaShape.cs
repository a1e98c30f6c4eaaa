namespace MLNetDeep.Legacy.Data;

using System.Collections;

/// <summary>
/// What an estimator knows of a schema before any data is read (ML.NET's <c>SchemaShape</c>): each column's name,
/// whether it is a scalar, a known-size vector or a variable-size vector, its item type, and whether it is a key.
/// Sizes that depend on the data (a one-hot vector's length, a key's count) are not part of it.
/// </summary>
public sealed class SchemaShape : IReadOnlyList<SchemaShape.Column>
{
    private readonly Column[] _columns;

    /// <summary>Creates a shape from columns; a later column hides an earlier one of the same name.</summary>
    public SchemaShape(IEnumerable<Column> columns)
    {
        var list = new List<Column>();
        foreach (Column c in columns)
        {
            list.RemoveAll(x => x.Name == c.Name);
            list.Add(c);
        }

        _columns = list.ToArray();
    }

    /// <summary>How a column's values are shaped.</summary>
    public enum VectorKind
    {
        /// <summary>One value.</summary>
        Scalar,

        /// <summary>A vector of known size.</summary>
        Vector,

        /// <summary>A vector whose size varies or is not known yet.</summary>
        VariableVector,
    }

    /// <summary>The number of columns.</summary>
    public int Count => _columns.Length;

    /// <summary>The column at an index.</summary>
    public Column this[int index] => _columns[index];

    /// <summary>The shape of a schema's visible columns.</summary>
    public static SchemaShape Create(DataViewSchema schema) => new(schema.Where(c => !c.IsHidden).Select(Column.Of));

    /// <summary>The column named <paramref name="name"/>, or null.</summary>
    public Column? FindColumn(string name) => _columns.Cast<Column?>().FirstOrDefault(c => c!.Value.Name == name);

    /// <summary>This shape with <paramref name="columns"/> added (replacing same-named ones).</summary>
    public SchemaShape With(params Column[] columns) => new(_columns.Concat(columns));

    /// <inheritdoc/>
    public IEnumerator<Column> GetEnumerator() => ((IEnumerable<Column>)_columns).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>One column's shape.</summary>
    /// <param name="Name">The name.</param>
    /// <param name="Kind">Scalar, vector or variable vector.</param>
    /// <param name="ItemType">The type of one value (Single for vectors; the key type for keys).</param>
    /// <param name="IsKey">Whether the values are keys.</param>
    public readonly record struct Column(string Name, VectorKind Kind, DataViewType ItemType, bool IsKey)
    {
        /// <summary>
        /// For a key column with key values (ML.NET's "KeyValues" annotation), the type of those values; otherwise null.
        /// <c>MapKeyToValue</c> uses it to know its output type before any data is read.
        /// </summary>
        public DataViewType? KeyValueType { get; init; }

        /// <summary>The shape of a schema column.</summary>
        public static Column Of(DataViewSchema.Column c) => c.Type switch
        {
            VectorDataViewType v => new Column(c.Name, v.IsKnownSize ? VectorKind.Vector : VectorKind.VariableVector, v.ItemType, false),
            KeyDataViewType k => new Column(c.Name, VectorKind.Scalar, k, true) { KeyValueType = c.KeyValues?.ValueType },
            _ => new Column(c.Name, VectorKind.Scalar, c.Type, false),
        };

        /// <summary>A description such as <c>Vector&lt;Single&gt;</c> or <c>Key</c>, for messages.</summary>
        public string Describe() => IsKey ? "Key" : Kind switch
        {
            VectorKind.Vector => $"Vector<{ItemType}>",
            VectorKind.VariableVector => $"Vector<{ItemType}> of variable size",
            _ => ItemType.ToString() ?? "?",
        };
    }
}
