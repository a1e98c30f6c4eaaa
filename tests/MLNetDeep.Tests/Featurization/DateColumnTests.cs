namespace MLNetDeep.Tests.Featurization;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Featurization;
using MLNetDeep.Trainers;

/// <summary>A column of ISO 8601 dates is a date column: eight numbers in the numeric block, not character n-grams.</summary>
[TestClass]
public sealed class DateColumnTests
{
    private const string Dates = """
        when,stamp,mixed,amount,y
        2026-12-07,2026-12-07T18:00:00,2026-01-01,1,yes
        2025-03-01,2025-03-01 06:30,soon,2,no
        ,2024-02-29T12:00:00.5Z,later,3,yes
        2024-12-31,2024-12-31T23:59:59+01:00,never,4,no
        NA,2026-07-04T00:00,2026-01-05,5,yes
        """;

    [TestMethod]
    public void A_column_of_ISO_dates_or_date_times_is_inferred_as_dates_and_one_with_other_text_is_not()
    {
        var ml = new MLContext(seed: 1);
        string csv = CsvFiles.Write(CsvFiles.Folder("dates"), "d.csv", Dates);
        CsvColumnInference inferred = ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { LabelColumnName = "y" });
        Assert.AreEqual(CsvColumnKind.Date, inferred.Find("when")!.Kind, "dates, two of them missing (empty, NA)");
        Assert.AreEqual("ISO 8601 dates", inferred.Find("when")!.Reason);
        Assert.AreEqual(CsvColumnKind.Date, inferred.Find("stamp")!.Kind, "date-times with T or a space, seconds, fractions and zones");
        Assert.AreEqual(CsvColumnKind.Categorical, inferred.Find("mixed")!.Kind, "two dates and three words: text as before");
        CollectionAssert.AreEqual(new[] { "when", "stamp", "mixed", "amount" }, inferred.Features.Select(c => c.Name).ToArray());
    }

    [TestMethod]
    public void A_column_of_dates_but_one_typo_is_an_error_naming_it_not_text()
    {
        // Before, one impossible date among 40 silently made the column free text (character n-grams).
        var ml = new MLContext(seed: 1);
        string rows = string.Join("\n", Enumerable.Range(0, 40).Select(i => $"{(i == 30 ? "2026-02-30" : $"2026-01-{i % 28 + 1:00}")},{i},{(i % 2 == 0 ? "yes" : "no")}"));
        string csv = CsvFiles.Write(CsvFiles.Folder("dates-typo"), "d.csv", "when,amount,y\n" + rows + "\n");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { LabelColumnName = "y" }));
        Assert.AreEqual($"{csv}, line 32 (data row 31), column 'when': '2026-02-30' is not an ISO 8601 date (2026-12-07) or date-time (2026-12-07T19:30:15), but 39 of the column's 40 values are. "
            + "Fix the value, leave a cell empty for a missing date, or declare the column's kind (categorical or text) to keep it as text.", e.Message);
        CsvColumnInference declared = ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { LabelColumnName = "y", ColumnKinds = new Dictionary<string, CsvColumnKind> { ["when"] = CsvColumnKind.Text } });
        Assert.AreEqual(CsvColumnKind.Text, declared.Find("when")!.Kind, "declared text keeps it");
    }

    [TestMethod]
    public void A_declared_date_column_with_a_value_that_is_not_a_date_is_an_error_naming_it()
    {
        var ml = new MLContext(seed: 1);
        string csv = CsvFiles.Write(CsvFiles.Folder("dates-declared"), "d.csv", Dates);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ml.Data.InferCsvColumns(csv,
            new CsvInferenceOptions { LabelColumnName = "y", ColumnKinds = new Dictionary<string, CsvColumnKind> { ["mixed"] = CsvColumnKind.Date } }));
        Assert.AreEqual($"{csv}, line 3 (data row 2), column 'mixed': 'soon' is not an ISO 8601 date (2026-12-07) or date-time (2026-12-07T19:30:15), the column's kind (date).", e.Message);
    }

    [TestMethod]
    public void A_date_becomes_its_year_month_weekday_time_of_day_and_day_and_a_missing_one_the_means()
    {
        var ml = new MLContext(seed: 1);
        string csv = CsvFiles.Write(CsvFiles.Folder("dates-parts"), "d.csv", Dates);
        CsvColumnInference inferred = ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { LabelColumnName = "y", FeatureColumnNames = ["when", "stamp"] });
        IDataView data = ml.Data.LoadFromTextFile(csv, inferred.ToTextLoaderOptions());
        float[][] rows = ml.Transforms.FeaturizeColumns(inferred.Features, normalize: false).Fit(data).Transform(data).GetColumn<float[]>("Features").ToArray();
        Assert.HasCount(16, rows[0], "eight numbers per date column");

        // stamp of row 1: Monday 2026-12-07 18:00, day 341 of 365, three quarters of the day.
        float[] stamp = rows[0][8..];
        double tau = 2 * Math.PI;
        float[] expected =
        [
            (float)(2026 + ((340 + 0.75) / 365)), (float)Math.Sin(tau * 11 / 12), (float)Math.Cos(tau * 11 / 12),
            (float)Math.Sin(tau * 1 / 7), (float)Math.Cos(tau * 1 / 7), (float)Math.Sin(tau * 0.75), (float)Math.Cos(tau * 0.75), 7,
        ];
        CollectionAssert.AreEqual(expected, stamp);
        Assert.IsGreaterThan(0.99f, rows[3][8 + 6], "23:59:59+01:00 is read as the clock time written, just before midnight (time cosine near 1)");
        Assert.AreEqual(2024 + ((59 + 0.5 + (0.5 / 86400)) / 366), rows[2][8], 2e-4, "a leap year's 29 February at noon (float's resolution near 2024 is 1.2e-4)");

        // when of rows 3 and 5 is missing: every slot is the mean of the three dates present.
        float[][] present = [rows[0][..8], rows[1][..8], rows[3][..8]];
        for (int slot = 0; slot < 8; slot++)
        {
            float mean = present.Average(r => r[slot]);
            Assert.AreEqual(mean, rows[2][slot], 1e-3f, $"slot {DateSlot(slot)} of a missing date");
            Assert.AreEqual(mean, rows[4][slot], 1e-3f, $"slot {DateSlot(slot)} of 'NA'");
        }
    }

    [TestMethod]
    public void A_model_with_a_date_column_saves_loads_in_a_fresh_context_and_scores_the_same()
    {
        var ml = new MLContext(seed: 1);
        string folder = CsvFiles.Folder("dates-model");
        var rng = new Random(3);
        // The label is the season: only the date tells it.
        string[] lines = Enumerable.Range(0, 300).Select(_ => new DateTime(2020, 1, 1).AddDays(rng.Next(0, 2000)).AddHours(rng.Next(0, 24)))
            .Select(d => $"{d:yyyy-MM-ddTHH:mm},{(d.Month is >= 4 and <= 9 ? "summer" : "winter")}").ToArray();
        string csv = CsvFiles.Write(folder, "season.csv", "when,season\n" + string.Join("\n", lines) + "\n");
        CsvColumnInference inferred = ml.Data.InferCsvColumns(csv, new CsvInferenceOptions { LabelColumnName = "season" });
        IDataView data = ml.Data.LoadFromTextFile(csv, inferred.ToTextLoaderOptions());
        var pipeline = ml.Transforms.PrepareLabel(FeedForwardTask.BinaryClassification, "season")
            .Append(ml.Transforms.FeaturizeColumns(inferred.Features))
            .Append(ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { LabelColumnName = "season", HiddenLayers = [16], NumberOfEpochs = 30, LearningRate = 0.01f, BatchSize = 32, Seed = 2 }));
        using var model = (IDisposable)pipeline.Fit(data);
        IDataView scored = ((ITransformer)model).Transform(data);
        Assert.IsGreaterThan(0.9, ml.BinaryClassification.Evaluate(scored, "season").Accuracy, "the month's sine and cosine tell summer from winter");
        string path = Path.Combine(folder, "model.zip");
        ml.Model.Save((ITransformer)model, data.Schema, path);

        var fresh = new MLContext(seed: 5);
        using var loaded = (IDisposable)fresh.Model.LoadChecked(path, out _);
        CollectionAssert.AreEqual(scored.GetColumn<float>("Score").ToArray(), ((ITransformer)loaded).Transform(data).GetColumn<float>("Score").ToArray());
    }

    /// <summary>
    /// The date columns of a model are the ones its date step reads, not the ones the name of the parts
    /// (<c>Features.{column}.Date</c>) seems to name: a text column <c>At</c> next to a date column <c>Sold.At</c> was
    /// taken for a date column too (<c>Features.Sold.At.Date</c> ends in <c>.At.Date</c>), and its text refused by the
    /// scorers (predict, evaluate, serve) as not a date.
    /// </summary>
    [TestMethod]
    public void The_date_columns_of_a_model_are_the_ones_its_date_step_reads_whatever_their_names()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 20).Select(i => new SaleRow
        {
            SoldAt = new DateTime(2026, 1, 1).AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            At = i % 2 == 0 ? "shop" : "web",
        }));
        CsvColumn[] features = [new("Sold.At", 0, CsvColumnKind.Date) { DataKind = DataKind.String }, new("At", 1, CsvColumnKind.Text) { DataKind = DataKind.String }];
        ITransformer model = ml.Transforms.FeaturizeColumns(features).Fit(data);
        CollectionAssert.AreEqual(new[] { "Sold.At" }, PipelineSteps.DateColumns(model, data.Schema).ToArray());

        string path = Path.Combine(CsvFiles.Folder("dates-named"), "model.zip");
        ml.Model.Save(model, data.Schema, path);
        ITransformer loaded = new MLContext(seed: 2).Model.LoadChecked(path, out DataViewSchema inputSchema);
        CollectionAssert.AreEqual(new[] { "Sold.At" }, PipelineSteps.DateColumns(loaded, inputSchema).ToArray(), "loaded");
    }

    private sealed class SaleRow
    {
        [ColumnName("Sold.At")]
        public string SoldAt { get; set; } = "";

        public string At { get; set; } = "";
    }

    private static string DateSlot(int slot) => new[] { "Year", "MonthSin", "MonthCos", "WeekdaySin", "WeekdayCos", "TimeSin", "TimeCos", "Day" }[slot];
}
