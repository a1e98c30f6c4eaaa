namespace MLNetDeep.Cli.Data;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Featurization;

/// <summary>
/// A data file given to a command, loaded with ML.NET: a delimited text file with a header (<c>.tsv</c> tab-separated,
/// anything else comma-separated; columns inferred over the whole file by <see cref="FeaturizationDataCatalog.InferCsvColumns"/>
/// and read by ML.NET's <c>TextLoader</c>) or an IDX prefix <c>P</c> with <c>P-images-idx3-ubyte[.gz]</c> (ML.NET data view
/// of <c>ml.Data.LoadFromIdx</c>).
/// </summary>
internal sealed class DataFile
{
    /// <summary>The prefix of the extra text columns that echo a file's raw fields for <c>predict</c>.</summary>
    public const string RawPrefix = "\u0001raw";

    private DataFile(string path, IDataView view, CsvColumnInference? inference)
    {
        Path = path;
        View = view;
        Inference = inference;
    }

    /// <summary>The path as given.</summary>
    public string Path { get; }

    /// <summary>The loaded data.</summary>
    public IDataView View { get; }

    /// <summary>The columns found in a text file; null for IDX.</summary>
    public CsvColumnInference? Inference { get; }

    /// <summary>Whether it is an IDX pair.</summary>
    public bool IsIdx => Inference is null;

    /// <summary>The header's names for a text file; the IDX columns for IDX.</summary>
    public IReadOnlyList<string> FieldNames => Inference?.Columns.Select(c => c.Name).ToArray() ?? View.Schema.Select(c => c.Name).ToArray();

    /// <summary>The files <paramref name="path"/> stands for (the file, or the IDX pair), so outputs can be checked against them before any work.</summary>
    public static string[] FilesOf(string path) => File.Exists(path)
        ? [path]
        : new[] { "-images-idx3-ubyte", "-images-idx3-ubyte.gz", "-labels-idx1-ubyte", "-labels-idx1-ubyte.gz" }.Select(s => path + s).Where(File.Exists).ToArray();

    /// <summary>
    /// Loads <paramref name="path"/>. A text file is scanned with <paramref name="options"/> (declared column types and
    /// kinds; every bad value or record is an error naming the line); with <paramref name="withRawFields"/> every field is
    /// also loaded as text under <see cref="RawPrefix"/><c>i</c>; <paramref name="absentColumns"/> are read as missing
    /// values, whether or not the file has them (a saved model that prepares its label reads the label column even to predict);
    /// <paramref name="vectorColumns"/> are read from the fields named for each (when the file has them all).
    /// </summary>
    public static DataFile Load(MLContext ml, string path, string option, CsvInferenceOptions? options = null, bool withRawFields = false,
        IReadOnlyDictionary<string, DataKind>? absentColumns = null, IReadOnlyDictionary<string, (DataKind Kind, string[] Fields)>? vectorColumns = null)
    {
        if (Directory.Exists(path))
        {
            throw CliException.Failure($"{option} '{path}' is a folder; give a CSV/TSV file or an IDX prefix P (P-images-idx3-ubyte[.gz]).");
        }

        if (File.Exists(path))
        {
            CsvColumnInference inference;
            try
            {
                inference = ml.Data.InferCsvColumns(path, options);
            }
            catch (ArgumentException e) when (e.Message.StartsWith("DecimalMarker:", StringComparison.Ordinal))
            {
                throw CliException.Usage("--decimal-marker" + e.Message[..e.Message.IndexOf(" (Parameter", StringComparison.Ordinal)]["DecimalMarker".Length..]);
            }

            TextLoader.Options loader = inference.ToTextLoaderOptions();
            var columns = loader.Columns.ToList();
            if (withRawFields)
            {
                columns.AddRange(inference.Columns.Select(c => new TextLoader.Column(RawPrefix + c.Index, DataKind.String, c.Index)));
            }

            foreach (var (name, (kind, fields)) in vectorColumns ?? new Dictionary<string, (DataKind, string[])>())
            {
                if (inference.Find(name) is null && fields.Select(inference.Find).ToArray() is var found && found.All(f => f is not null))
                {
                    columns.Add(new TextLoader.Column(name, kind, found.Select(f => new TextLoader.Range(f!.Index)).ToArray()));
                }
            }

            foreach (var (name, kind) in absentColumns ?? new Dictionary<string, DataKind>())
            {
                // A field past the last one: ML.NET's loader gives every row the missing (or default) value.
                columns.RemoveAll(c => c.Name == name);
                columns.Add(new TextLoader.Column(name, kind, inference.Columns.Count));
            }

            loader.Columns = columns.ToArray();
            return new DataFile(path, ml.Data.LoadFromTextFile(path, loader), inference);
        }

        if (FilesOf(path).Length > 0)
        {
            return new DataFile(path, ml.Data.LoadFromIdx(path), null);
        }

        throw new FileNotFoundException($"the data file '{path}' does not exist (nor an IDX pair '{path}-images-idx3-ubyte[.gz]').");
    }

    /// <summary>Throws unless the data has every column in <paramref name="names"/>, naming the ones it lacks.</summary>
    public void Require(IEnumerable<string> names, string what)
    {
        string[] missing = names.Where(n => View.Schema.GetColumnOrNull(n) is null).ToArray();
        if (missing.Length > 0)
        {
            throw CliException.Failure($"{Path} lacks the column{(missing.Length == 1 ? "" : "s")} {string.Join(", ", missing.Select(m => $"'{m}'"))} that {what} (columns: {string.Join(", ", FieldNames)}).");
        }
    }
}
