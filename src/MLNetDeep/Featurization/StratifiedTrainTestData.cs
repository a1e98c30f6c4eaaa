namespace MLNetDeep.Featurization;

using Microsoft.ML;

/// <summary>
/// The two sides of <see cref="FeaturizationDataCatalog.StratifiedTrainTestSplit"/>, shaped like ML.NET's
/// <c>DataOperationsCatalog.TrainTestData</c> (whose constructor ML.NET keeps internal).
/// </summary>
/// <param name="TrainSet">The training rows, in their original order.</param>
/// <param name="TestSet">The test rows, in their original order.</param>
public sealed record StratifiedTrainTestData(IDataView TrainSet, IDataView TestSet);
