namespace MLNetDeep.Legacy.Data;

using System.Collections;

/// <summary>
/// The columns of a data view, in order. Several columns may share a name: a transform that writes a column of an
/// existing name hides the earlier one, and look-ups by name find the last (ML.NET's rule).
/// </summary>
public sealed class DataViewSchema : IReadOnlyList<DataViewSchema.Column>
{
    private readonly Column[] _columns;
    private readonly Dictionary<string, int> _byName;

    private DataViewSchema(Column[] columns)
    {
        _columns = columns;
        _byName = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Column c in columns)
        {
            _byName[c.Name] = c.Index;
        }
    }

    /// <summary>The number of columns, hidden ones included.</summary>
    public int Count => _columns.Length;

    /// <summary>The column at <paramref name="index"/>.</summary>
    public Column this[int index] => _columns[index];

    /// <summary>The visible column named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such column; the message lists the columns there are.</exception>
    public Column this[string name] => GetColumnOrNull(name) ?? throw new ArgumentOutOfRangeException(nameof(name), $"There is no column '{name}'. Columns: {string.Join(", ", VisibleNames)}.");

    /// <summary>The visible column named <paramref name="name"/>, or null.</summary>
    public Column? GetColumnOrNull(string name) => _byName.TryGetValue(name, out int i) ? _columns[i] : null;

    /// <summary>The names of the visible columns, in order.</summary>
    public IEnumerable<string> VisibleNames => _columns.Where(c => !c.IsHidden).Select(c => c.Name);

    /// <inheritdoc/>
    public IEnumerator<Column> GetEnumerator() => ((IEnumerable<Column>)_columns).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string ToString() => string.Join(", ", _columns.Where(c => !c.IsHidden).Select(c => $"{c.Name}: {c.Type}"));

    /// <summary>Creates a schema from detached columns, in order.</summary>
    public static DataViewSchema Create(IEnumerable<DetachedColumn> columns)
    {
        var list = columns.ToList();
        var last = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < list.Count; i++)
        {
            last[list[i].Name] = i;
        }

        return new DataViewSchema(list.Select((c, i) => new Column(c.Name, i, last[c.Name] != i, c.Type, c.KeyValues)).ToArray());
    }

    /// <summary>One column of a schema.</summary>
    public sealed class Column
    {
        internal Column(string name, int index, bool isHidden, DataViewType type, KeyValues? keyValues)
        {
            Name = name;
            Index = index;
            IsHidden = isHidden;
            Type = type;
            KeyValues = keyValues;
        }

        /// <summary>The column's name.</summary>
        public string Name { get; }

        /// <summary>Its position in the schema.</summary>
        public int Index { get; }

        /// <summary>True when a later column of the same name hides it.</summary>
        public bool IsHidden { get; }

        /// <summary>The column's type.</summary>
        public DataViewType Type { get; }

        /// <summary>For a key column, the value each key stands for (key k is <c>Values[k - 1]</c>); otherwise null.</summary>
        public KeyValues? KeyValues { get; }

        /// <summary>The column without its position, to build another schema from.</summary>
        public DetachedColumn Detach() => new(Name, Type, KeyValues);

        /// <inheritdoc/>
        public override string ToString() => $"{Name}: {Type}";
    }

    /// <summary>A column description not yet placed in a schema.</summary>
    /// <param name="Name">The column's name.</param>
    /// <param name="Type">The column's type.</param>
    /// <param name="KeyValues">For a key column, the values its keys stand for; otherwise null.</param>
    public sealed record DetachedColumn(string Name, DataViewType Type, KeyValues? KeyValues = null);
}
