namespace MLNetDeep.AutoML;

using System.Globalization;
using Microsoft.ML;

/// <summary>
/// How an experiment's trials are trained and scored: on a training set and a validation set, on a hold-out fraction
/// of one data set, or by k-fold cross-validation. Splits are drawn from the experiment's seed.
/// </summary>
internal sealed class SweepDataset
{
    private readonly IDataView _data;
    private readonly IDataView? _validation;
    private readonly double _fraction;
    private readonly int _folds;

    private SweepDataset(IDataView data, IDataView? validation, double fraction, int folds)
    {
        _data = data;
        _validation = validation;
        _fraction = fraction;
        _folds = folds;
    }

    public static SweepDataset WithValidation(IDataView train, IDataView validation) => new(train, validation, 0, 0);

    public static SweepDataset HoldOut(IDataView data, double fraction) => new(data, null, fraction, 0);

    public static SweepDataset CrossValidation(IDataView data, int folds) => new(data, null, 0, folds);

    /// <summary>How the data is used, e.g. <c>validation set</c>, <c>hold-out 0.2</c>, <c>5 folds</c>.</summary>
    public string Description => _validation is not null ? "validation set"
        : _folds > 0 ? string.Create(CultureInfo.InvariantCulture, $"{_folds} folds")
        : string.Create(CultureInfo.InvariantCulture, $"hold-out {_fraction:R}");

    /// <summary>The fingerprint of the data and of how it is used (the seed that draws the splits is part of the study on its own).</summary>
    public string Fingerprint() => _validation is null
        ? DataFingerprint.Of(Description, ("data", _data))
        : DataFingerprint.Of(Description, ("train", _data), ("validation", _validation));

    /// <summary>The training and validation views of a trial, or the folds.</summary>
    public Prepared Prepare(MLContext context, int seed)
    {
        if (_validation is not null)
        {
            return new Prepared(_data, _validation, null);
        }

        if (_folds > 0)
        {
            return new Prepared(_data, null, context.Data.CrossValidationSplit(_data, _folds, seed: seed));
        }

        DataOperationsCatalog.TrainTestData split = context.Data.TrainTestSplit(_data, _fraction, seed: seed);
        return new Prepared(split.TrainSet, split.TestSet, null);
    }

    /// <summary>What trials see.</summary>
    /// <param name="Train">A single split's training rows (every row with folds).</param>
    /// <param name="Validation">A single split's validation rows; null with folds.</param>
    /// <param name="Folds">The folds, or null.</param>
    internal sealed record Prepared(IDataView Train, IDataView? Validation, IReadOnlyList<DataOperationsCatalog.TrainTestData>? Folds);
}
