namespace MLNetDeep.Cli.Commands;

using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Cli.Data;
using MLNetDeep.Cli.Output;

/// <summary>
/// <c>mlnetdeep predict</c>: scores data with a saved ML.NET model and writes CSV: the input fields as read (for IDX the
/// scalar columns, not the pixels), then <c>PredictedLabel</c> in the original label values and the scores — binary:
/// <c>Score</c> (the logit) and <c>Probability</c>; multiclass: <c>Score.CLASS</c> per class; regression: <c>Score</c>.
/// Numbers are written shortest-round-trip. A row whose score is NaN (an input the network overflows on) gets an empty
/// <c>PredictedLabel</c> and <c>NaN</c> scores, never a class it did not predict.
/// </summary>
internal sealed class PredictCommand
{
    private readonly Option<string> _model = new("--model") { Description = "An ML.NET model zip: one written by 'mlnetdeep train' or 'tune', or by plain ML.NET.", Required = true, HelpName = "MODEL.zip" };
    private readonly Option<string> _data = new("--data") { Description = "Data to score: a CSV/TSV file with a header, or an IDX prefix. The label column is not needed.", Required = true, HelpName = "FILE" };
    private readonly Option<string?> _label = new("--label") { Description = "The label column of a model from plain ML.NET (default Label), which the data need not have.", HelpName = "COLUMN" };
    private readonly Option<string?> _out = new("--out") { Description = "Write the predictions here (.tsv: tab-separated) instead of stdout; an existing file is replaced only once the new one is complete.", HelpName = "FILE" };

    private readonly Option<char> _decimalMarker = OptionFactory.DecimalMarker();

    /// <summary>The command, running against <paramref name="console"/>.</summary>
    public Command Build(CliConsole console)
    {
        var command = new Command("predict", "Predict with a saved model and write CSV.") { _model, _data, _label, _out, _decimalMarker };
        command.SetAction(r => Run(r, console));
        return command;
    }

    private int Run(ParseResult r, CliConsole console)
    {
        string modelPath = r.GetValue(_model)!;
        string dataPath = r.GetValue(_data)!;
        string? outPath = r.GetValue(_out);
        if (outPath is not null)
        {
            OutputPaths.Check(outPath, "--out", "predictions.csv", [.. DataFile.FilesOf(dataPath), modelPath]);
        }

        var ml = new MLContext(seed: 0);
        using SavedModel model = SavedModel.Load(ml, modelPath, r.GetValue(_label));
        DataFile data = model.LoadData(ml, dataPath, r.GetValue(_decimalMarker), withLabel: false, withRawFields: true);
        IDataView input = data.View;
        if (data.IsIdx)
        {
            // The scalar columns echoed as loaded: copies, since the model's label preparation replaces the label by name.
            foreach (DataViewSchema.Column c in data.View.Schema.Where(c => c.Type is not VectorDataViewType && !c.IsHidden))
            {
                input = ml.Transforms.CopyColumns(DataFile.RawPrefix + c.Name, c.Name).Fit(input).Transform(input);
            }
        }

        IDataView scored = model.Transform(ml, input);
        long nan;
        var renamed = new List<string>();
        if (outPath is null)
        {
            nan = Write(console.Out, ',', model, data, scored, renamed);
        }
        else
        {
            char separator = Path.GetExtension(outPath).Equals(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',';
            long written = 0;
            AtomicFile.WriteText(outPath, w => written = Write(w, separator, model, data, scored, renamed));
            nan = written;
        }

        if (renamed.Count > 0)
        {
            console.Error.WriteLine($"{dataPath}: {string.Join(", ", renamed)}, since the prediction columns have {(renamed.Count == 1 ? "that name" : "those names")}");
        }

        model.NoteUnseenCategories(input, console, dataPath);
        if (nan > 0)
        {
            console.Error.WriteLine($"{dataPath}: {nan} rows scored NaN (inputs far outside the training data's range, such as 3e38, overflow the network); their PredictedLabel is empty and their scores NaN");
        }

        return ExitCodes.Success;
    }

    // Writes the CSV; returns the number of rows whose score is NaN. An input field named like a prediction column
    // (a feature called Score) is echoed under another name, said in renamed, so that no header appears twice.
    private static long Write(TextWriter writer, char separator, SavedModel model, DataFile data, IDataView scored, List<string> renamed)
    {
        var csv = new CsvWriter(writer, separator);
        DataViewSchema schema = scored.Schema;
        var echo = data.IsIdx
            ? data.View.Schema.Where(c => c.Type is not VectorDataViewType && !c.IsHidden).Select(c => (Header: c.Name, Column: schema[DataFile.RawPrefix + c.Name])).ToArray()
            : data.Inference!.Columns.Select(c => (Header: c.Name, Column: schema[DataFile.RawPrefix + c.Index])).ToArray();
        DataViewSchema.Column score = schema["Score"];
        DataViewSchema.Column? probability = schema.GetColumnOrNull("Probability");
        DataViewSchema.Column? predicted = schema.GetColumnOrNull("PredictedLabel");
        var needed = echo.Select(e => e.Column).Append(score).Concat(new[] { probability, predicted }.OfType<DataViewSchema.Column>()).ToArray();
        using DataViewRowCursor cursor = scored.GetRowCursor(needed);
        var headers = new List<string>(echo.Select(e => e.Header));
        var cells = echo.Select(e => Scalar(cursor, e.Column)).ToList();
        bool isNaN = false;
        switch (model.Task)
        {
            case FeedForwardTask.BinaryClassification:
                string[] values = model.Classes?.Values.ToArray() ?? ["false", "true"];
                ValueGetter<float> getScore = cursor.GetGetter<float>(score);
                ValueGetter<bool> getPredicted = cursor.GetGetter<bool>(predicted!.Value);
                headers.AddRange(probability is null ? ["PredictedLabel", "Score"] : ["PredictedLabel", "Score", "Probability"]);
                Func<IEnumerable<string>> getProbability = probability is { } p ? Scalar(cursor, p) : () => [];
                cells.Add(() =>
                {
                    float s = 0;
                    bool label = false;
                    getScore(ref s);
                    getPredicted(ref label);
                    isNaN = float.IsNaN(s);
                    return [isNaN ? "" : values[label ? 1 : 0], DataViewValues.ToText(s), .. getProbability()];
                });
                break;

            case FeedForwardTask.MulticlassClassification:
                string[]? classes = predicted is { Type: KeyDataViewType } key ? KeyNames.Of(key) : null;
                int count = ((VectorDataViewType)score.Type).Size;
                string[] names = classes is { Length: var n } && n == count ? classes
                    : KeyNames.SlotNames(score) is { Length: var m } slots && m == count ? slots
                    : KeyNames.Of(score, "TrainingLabelValues") is { Length: var t } trained && t == count ? trained
                    : Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
                Func<IEnumerable<string>> getLabel = PredictedClass(cursor, predicted, classes);
                ValueGetter<VBuffer<float>> getScores = cursor.GetGetter<VBuffer<float>>(score);
                VBuffer<float> buffer = default;
                headers.Add("PredictedLabel");
                headers.AddRange(names.Select(v => $"Score.{v}"));
                cells.Add(() =>
                {
                    getScores(ref buffer);
                    float[] dense = buffer.DenseValues().ToArray();
                    isNaN = dense.Any(float.IsNaN);
                    string label = getLabel().Single();
                    return [isNaN ? "" : label, .. dense.Select(f => DataViewValues.ToText(f))];
                });
                break;

            default:
                ValueGetter<float> getValue = cursor.GetGetter<float>(score);
                headers.Add("Score");
                cells.Add(() =>
                {
                    float v = 0;
                    getValue(ref v);
                    isNaN = float.IsNaN(v);
                    return [DataViewValues.ToText(v)];
                });
                break;
        }

        var taken = headers.Skip(echo.Length).ToHashSet(StringComparer.Ordinal);
        for (int i = 0; i < echo.Length; i++)
        {
            if (taken.Contains(headers[i]))
            {
                string name = headers[i] + "_input";
                for (int n = 2; headers.Contains(name, StringComparer.Ordinal); n++)
                {
                    name = string.Create(CultureInfo.InvariantCulture, $"{headers[i]}_input{n}");
                }

                renamed.Add($"the input column '{headers[i]}' is written as '{name}'");
                headers[i] = name;
            }
        }

        csv.WriteRecord(headers);
        var row = new List<string>(headers.Count);
        long nan = 0;
        while (cursor.MoveNext())
        {
            row.Clear();
            foreach (var cell in cells)
            {
                row.AddRange(cell());
            }

            nan += isNaN ? 1 : 0;
            csv.WriteRecord(row);
        }

        return nan;
    }

    // The predicted class as text: a key's value (empty for the missing key), or a plain ML.NET model's PredictedLabel as it is (after MapKeyToValue).
    private static Func<IEnumerable<string>> PredictedClass(DataViewRow row, DataViewSchema.Column? predicted, string[]? classes)
    {
        if (predicted is not { } column)
        {
            return () => [""];
        }

        if (column.Type is KeyDataViewType)
        {
            ValueGetter<uint> get = row.GetGetter<uint>(column);
            return () =>
            {
                uint k = 0;
                get(ref k);
                return [k == 0 ? "" : classes is not null && k <= classes.Length ? classes[k - 1] : (k - 1).ToString(CultureInfo.InvariantCulture)];
            };
        }

        return Scalar(row, column);
    }

    // A scalar column's value as text (DataViewValues.ToText: numbers shortest round-trip, invariant culture): any type
    // a pipeline may end with, such as a class mapped back to its Int32 value by MapKeyToValue.
    private static Func<IEnumerable<string>> Scalar(DataViewRow row, DataViewSchema.Column column) =>
        (Func<IEnumerable<string>>)typeof(PredictCommand).GetMethod(nameof(ScalarOf), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(column.Type.RawType).Invoke(null, [row, column])!;

    private static Func<IEnumerable<string>> ScalarOf<T>(DataViewRow row, DataViewSchema.Column column)
    {
        ValueGetter<T> get = row.GetGetter<T>(column);
        return () =>
        {
            T v = default!;
            get(ref v);
            return [DataViewValues.ToText(v)];
        };
    }
}
