namespace MLNetDeep.Legacy.Transforms;

using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Model;

/// <summary>
/// Keeps the named columns, in the order given (SelectColumns), or every visible column but the named ones, in their
/// order (DropColumns) (ML.NET's <c>ColumnSelectingTransformer</c> with <c>keepHidden</c> false: hidden columns go).
/// An unknown name is an error that names it.
/// </summary>
public sealed class ColumnSelectingTransformer : ITransformer, IStepTransformer
{
    internal ColumnSelectingTransformer(bool keep, string[] columnNames)
    {
        KeepColumns = keep;
        ColumnNames = columnNames;
    }

    /// <summary>True when <see cref="ColumnNames"/> are the columns kept (SelectColumns); false when they are dropped.</summary>
    public bool KeepColumns { get; }

    /// <summary>The columns named.</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    /// <inheritdoc/>
    public bool IsRowToRowMapper => true;

    string IStepTransformer.Kind => StepName(KeepColumns);

    internal static string StepName(bool keep) => keep ? "SelectColumns" : "DropColumns";

    internal static void CheckNames(bool keep, string[] names)
    {
        if (keep && names.Length == 0)
        {
            throw new ArgumentException("SelectColumns needs at least one column name.", nameof(names));
        }

        foreach (string n in names)
        {
            ArgumentException.ThrowIfNullOrEmpty(n, nameof(names));
        }

        string? dup = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (dup is not null)
        {
            throw new ArgumentException($"{StepName(keep)}: column '{dup}' is named twice.", nameof(names));
        }
    }

    internal static ArgumentException Unknown(string step, IEnumerable<string> missing, IEnumerable<string> columns) =>
        new($"{step}: unknown column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}. Columns: {string.Join(", ", columns)}.");

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return DataViewSchema.Create(Keep(inputSchema).Select(c => c.Detach()));
    }

    /// <inheritdoc/>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new ProjectedDataView(input, Keep(input.Schema));
    }

    void IStepTransformer.Save(ModelSaveContext context)
    {
        context.State["keep"] = KeepColumns;
        context.State["columns"] = new System.Text.Json.Nodes.JsonArray(ColumnNames.Select(n => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(n)!).ToArray());
    }

    DataViewRow IStepTransformer.MapRow(DataViewRow input)
    {
        List<DataViewSchema.Column> keep = Keep(input.Schema);
        return new ProjectedRow(input, DataViewSchema.Create(keep.Select(c => c.Detach())), keep.Select(c => c.Index).ToArray());
    }

    internal static ColumnSelectingTransformer Load(ModelLoadContext context)
    {
        bool keep = context.Bool("keep");
        string[] names = context.Strings("columns");
        try
        {
            CheckNames(keep, names);
        }
        catch (ArgumentException e)
        {
            throw context.Error($"the field 'columns' is invalid: {e.Message}");
        }

        return new ColumnSelectingTransformer(keep, names);
    }

    private List<DataViewSchema.Column> Keep(DataViewSchema schema)
    {
        string[] missing = ColumnNames.Where(n => schema.GetColumnOrNull(n) is null).ToArray();
        if (missing.Length > 0)
        {
            throw Unknown(StepName(KeepColumns), missing, schema.VisibleNames);
        }

        return KeepColumns
            ? ColumnNames.Select(n => schema[n]).ToList()
            : schema.Where(c => !c.IsHidden && !ColumnNames.Contains(c.Name)).ToList();
    }
}
