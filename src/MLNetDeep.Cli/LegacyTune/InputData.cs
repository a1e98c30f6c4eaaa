namespace MLNetDeep.Cli.LegacyTune;

using MLNetDeep.Legacy;
using MLNetDeep.Legacy.Data;

/// <summary>
/// A data file given to a command: a delimited text file with a header (separator from the extension: <c>.tsv</c> is
/// tab, anything else comma; RFC 4180 quoting allowed) or an IDX prefix <c>P</c> with <c>P-images-idx3-ubyte[.gz]</c>.
/// </summary>
internal sealed class InputData
{
    /// <summary>The prefix of hidden columns that echo a file's raw fields for <c>predict</c>.</summary>
    public const string RawPrefix = "\u0001raw";

    private InputData(string path, IDataView view, bool isIdx, string[] fieldNames)
    {
        Path = path;
        View = view;
        IsIdx = isIdx;
        FieldNames = fieldNames;
    }

    /// <summary>The path as given.</summary>
    public string Path { get; }

    /// <summary>The loaded data.</summary>
    public IDataView View { get; }

    /// <summary>Whether it was an IDX pair.</summary>
    public bool IsIdx { get; }

    /// <summary>The header's names for a text file (the IDX columns for IDX).</summary>
    public string[] FieldNames { get; }

    /// <summary>
    /// Loads <paramref name="path"/>. Text columns get inferred types (Single when every sampled value is a number,
    /// else Text) except those in <paramref name="types"/>, which get the type given (the types a model was trained on,
    /// so a text value in a numeric column is an error naming the line). With <paramref name="withRawFields"/> every
    /// field is also loaded as text under <see cref="RawPrefix"/><c>i</c>, to be echoed unchanged.
    /// </summary>
    public static InputData Load(DeepContext context, string path, IReadOnlyDictionary<string, DataViewType>? types = null, bool withRawFields = false)
    {
        if (File.Exists(path))
        {
            char separator = System.IO.Path.GetExtension(path).Equals(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',';
            TextLoaderColumn[] inferred = TextFileSchemaInference.InferColumns(path, separator, hasHeader: true, allowQuoting: true, trimWhitespace: true);
            var columns = inferred
                .Select(c => types is not null && types.TryGetValue(c.Name, out DataViewType? t) ? c with { Type = t } : c)
                .ToList();
            if (withRawFields)
            {
                columns.AddRange(inferred.Select((c, i) => TextLoaderColumn.Text(RawPrefix + i, c.Start)));
            }

            IDataView view = context.Data.LoadFromTextFile(path, columns.ToArray(), separator, hasHeader: true, allowQuoting: true, trimWhitespace: true);
            return new InputData(path, view, isIdx: false, inferred.Select(c => c.Name).ToArray());
        }

        string[] idx = [$"{path}-images-idx3-ubyte", $"{path}-images-idx3-ubyte.gz"];
        if (idx.Any(File.Exists))
        {
            IDataView view = context.Data.LoadFromIdx(path);
            return new InputData(path, view, isIdx: true, view.Schema.Select(c => c.Name).ToArray());
        }

        throw new FileNotFoundException($"the data file '{path}' does not exist (nor an IDX pair '{path}-images-idx3-ubyte[.gz]').");
    }
}
