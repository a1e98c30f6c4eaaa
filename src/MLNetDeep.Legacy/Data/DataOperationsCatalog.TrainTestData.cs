namespace MLNetDeep.Legacy.Data;

/// <summary>The result type of the splits.</summary>
public sealed partial class DataOperationsCatalog
{
    /// <summary>A training set and a test set (ML.NET's <c>DataOperationsCatalog.TrainTestData</c>).</summary>
    public sealed class TrainTestData
    {
        internal TrainTestData(IDataView trainSet, IDataView testSet)
        {
            TrainSet = trainSet;
            TestSet = testSet;
        }

        /// <summary>The rows to train on.</summary>
        public IDataView TrainSet { get; }

        /// <summary>The rows held out for testing.</summary>
        public IDataView TestSet { get; }
    }
}
