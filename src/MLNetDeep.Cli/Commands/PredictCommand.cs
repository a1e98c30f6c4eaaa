namespace MLNetDeep.Cli.Commands;

using System.CommandLine;
using System.Globalization;
using MLNetDeep.Cli.Data;
using MLNetDeep.Cli.Output;
using MLNetDeep.Legacy.Data;

/// <summary>
/// <c>mlnetdeep predict</c>: scores data with a saved model and writes CSV: the input columns as read (for IDX the
/// scalar columns, not the pixels), then <c>PredictedLabel</c> in the original label values and the scores —
/// binary: <c>Score</c> (logit) and <c>Probability</c>; multiclass: <c>Score.CLASS</c> per class (probabilities);
/// regression: <c>Score</c>. Numbers are written shortest-round-trip, so they parse back to the same bits.
/// </summary>
internal sealed class PredictCommand
{
    private readonly Option<string> _model = new("--model") { Description = "A model file written by 'mlnetdeep train'.", Required = true, HelpName = "MODEL.zip" };
    private readonly Option<string> _data = new("--data") { Description = "Data to score: a CSV/TSV file with a header, or an IDX prefix. The label column is not needed.", Required = true, HelpName = "FILE" };
    private readonly Option<string?> _out = new("--out") { Description = "Write the predictions here (.tsv: tab-separated) instead of stdout; an existing file is replaced only once the new one is complete.", HelpName = "FILE" };

    /// <summary>The command, running against <paramref name="console"/>.</summary>
    public Command Build(CliConsole console)
    {
        var command = new Command("predict", "Predict with a saved model and write CSV.") { _model, _data, _out };
        command.SetAction(r => Run(r, console));
        return command;
    }

    private int Run(ParseResult r, CliConsole console)
    {
        string dataPath = r.GetValue(_data)!;
        string? outPath = r.GetValue(_out);
        var context = new DeepContext();
        CliModel model = CliModel.Load(context, r.GetValue(_model)!);
        InputData input = InputData.Load(context, dataPath, model.ColumnTypes(withLabel: false), withRawFields: true);
        model.CheckFeatures(input.View, dataPath);
        IDataView scored = model.Transformer.Transform(input.View);
        if (outPath is null)
        {
            Write(console.Out, ',', model, input, scored);
        }
        else
        {
            char separator = Path.GetExtension(outPath).Equals(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',';
            AtomicFile.WriteText(outPath, w => Write(w, separator, model, input, scored));
        }

        return ExitCodes.Success;
    }

    private static void Write(TextWriter writer, char separator, CliModel model, InputData input, IDataView scored)
    {
        var csv = new CsvWriter(writer, separator);
        DataViewSchema schema = scored.Schema;
        var echo = input.IsIdx
            ? input.View.Schema.Where(c => c.Type is not VectorDataViewType).Select(c => (Header: c.Name, Column: schema[c.Name])).ToArray()
            : input.FieldNames.Select((name, i) => (Header: name, Column: schema[InputData.RawPrefix + i])).ToArray();
        var cells = new List<Func<IEnumerable<string>>>();
        var headers = new List<string>(echo.Select(e => e.Header));
        var needed = new List<DataViewSchema.Column>(echo.Select(e => e.Column));
        string[] values = model.Label.Values;
        using DataViewRowCursor cursor = scored.GetRowCursor(needed.Concat(schema.Where(c => c.Name is "Score" or "Probability" or "PredictedLabel")).ToArray());
        foreach (var (_, column) in echo)
        {
            cells.Add(Scalar(cursor, column));
        }

        switch (model.Task)
        {
            case TaskKind.Binary:
                ValueGetter<bool> predicted = cursor.GetGetter<bool>(schema["PredictedLabel"]);
                headers.Add("PredictedLabel");
                cells.Add(() =>
                {
                    bool v = false;
                    predicted(ref v);
                    return [values[v ? 1 : 0]];
                });
                headers.Add("Score");
                cells.Add(Scalar(cursor, schema["Score"]));
                headers.Add("Probability");
                cells.Add(Scalar(cursor, schema["Probability"]));
                break;

            case TaskKind.Multiclass:
                ValueGetter<uint> key = cursor.GetGetter<uint>(schema["PredictedLabel"]);
                ValueGetter<float[]> scores = cursor.GetGetter<float[]>(schema["Score"]);
                float[] buffer = [];
                headers.Add("PredictedLabel");
                cells.Add(() =>
                {
                    uint k = 0;
                    key(ref k);
                    return [k >= 1 && k <= values.Length ? values[k - 1] : ""];
                });
                headers.AddRange(values.Select(v => $"Score.{v}"));
                cells.Add(() =>
                {
                    scores(ref buffer);
                    return buffer.Select(Format);
                });
                break;

            default:
                headers.Add("Score");
                cells.Add(Scalar(cursor, schema["Score"]));
                break;
        }

        csv.WriteRecord(headers);
        var row = new List<string>(headers.Count);
        while (cursor.MoveNext())
        {
            row.Clear();
            foreach (var cell in cells)
            {
                row.AddRange(cell());
            }

            csv.WriteRecord(row);
        }
    }

    private static Func<IEnumerable<string>> Scalar(DataViewRow row, DataViewSchema.Column column)
    {
        if (column.Type == NumberDataViewType.Single)
        {
            ValueGetter<float> get = row.GetGetter<float>(column);
            return () =>
            {
                float v = 0;
                get(ref v);
                return [Format(v)];
            };
        }

        if (column.Type == TextDataViewType.Instance)
        {
            ValueGetter<string?> get = row.GetGetter<string?>(column);
            return () =>
            {
                string? v = null;
                get(ref v);
                return [v ?? ""];
            };
        }

        throw new InvalidOperationException($"Column '{column.Name}' ({column.Type}) cannot be written.");
    }

    private static string Format(float v) => v.ToString("R", CultureInfo.InvariantCulture);
}
