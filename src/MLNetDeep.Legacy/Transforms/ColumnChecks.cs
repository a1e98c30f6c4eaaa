namespace MLNetDeep.Legacy.Transforms;

using MLNetDeep.Legacy.Data;

/// <summary>
/// Finds a transform's input column and builds its error messages, which always name the step, the column, the type
/// expected and the type found.
/// </summary>
internal static class ColumnChecks
{
    public static SchemaShape.Column Find(SchemaShape shape, string step, string name) =>
        shape.FindColumn(name) ?? throw NotFound(step, name, shape.Select(c => c.Name));

    public static DataViewSchema.Column Find(DataViewSchema schema, string step, string name) =>
        schema.GetColumnOrNull(name) ?? throw NotFound(step, name, schema.VisibleNames);

    public static ArgumentException NotFound(string step, string name, IEnumerable<string> columns) =>
        new($"{step}: input column '{name}' not found. Columns: {string.Join(", ", columns)}.");

    public static ArgumentException WrongType(string step, string name, string expected, object found) =>
        new($"{step}: column '{name}' must be {expected}; found {found}.");

    /// <summary>True for Single, Double, Int32, Int64, Boolean and Text: the scalar types keys can be learned from.</summary>
    public static bool IsKeyable(DataViewType t) =>
        t is TextDataViewType or BooleanDataViewType || t == NumberDataViewType.Single || t == NumberDataViewType.Double
        || t == NumberDataViewType.Int32 || t == NumberDataViewType.Int64;

    public const string KeyableTypes = "Text, Single, Double, Int32, Int64 or Boolean";

    /// <summary>Checks a scalar keyable column in a shape (MapValueToKey, OneHotEncoding).</summary>
    public static SchemaShape.Column CheckKeyable(SchemaShape shape, string step, string name)
    {
        SchemaShape.Column c = Find(shape, step, name);
        if (c.IsKey || c.Kind != SchemaShape.VectorKind.Scalar || !IsKeyable(c.ItemType))
        {
            throw WrongType(step, name, KeyableTypes, c.Describe());
        }

        return c;
    }

    /// <summary>Checks a scalar keyable column in a schema (MapValueToKey, OneHotEncoding).</summary>
    public static DataViewSchema.Column CheckKeyable(DataViewSchema schema, string step, string name)
    {
        DataViewSchema.Column c = Find(schema, step, name);
        if (!IsKeyable(c.Type))
        {
            throw WrongType(step, name, KeyableTypes, c.Type);
        }

        return c;
    }
}
