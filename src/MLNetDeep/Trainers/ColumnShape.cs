namespace MLNetDeep.Trainers;

using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// A column's name and type shape, read alike from a <see cref="DataViewSchema"/> (Fit) and a <see cref="SchemaShape"/>
/// (GetOutputSchema), so the input checks are written once.
/// </summary>
internal readonly record struct ColumnShape(string Name, SchemaShape.Column.VectorKind Kind, DataViewType ItemType, bool IsKey)
{
    public static ColumnShape Of(SchemaShape.Column c) => new(c.Name, c.Kind, c.ItemType, c.IsKey);

    public static ColumnShape Of(DataViewSchema.Column c)
    {
        DataViewType item = c.Type is VectorDataViewType v ? v.ItemType : c.Type;
        SchemaShape.Column.VectorKind kind = c.Type is VectorDataViewType vector
            ? vector.IsKnownSize ? SchemaShape.Column.VectorKind.Vector : SchemaShape.Column.VectorKind.VariableVector
            : SchemaShape.Column.VectorKind.Scalar;
        return new(c.Name, kind, item, item is KeyDataViewType);
    }

    /// <summary>The shape as ML.NET prints types, e.g. <c>Vector&lt;Single&gt; (known size)</c> or <c>Key&lt;UInt32&gt;</c>.</summary>
    public override string ToString()
    {
        string item = IsKey ? $"Key<{ItemType.RawType.Name}>" : ItemType.ToString() ?? ItemType.RawType.Name;
        return Kind switch
        {
            SchemaShape.Column.VectorKind.Scalar => item,
            SchemaShape.Column.VectorKind.Vector => $"Vector<{item}> (known size)",
            _ => $"Vector<{item}> (variable size)",
        };
    }
}
