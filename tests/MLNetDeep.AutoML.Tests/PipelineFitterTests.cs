namespace MLNetDeep.AutoML.Tests;

using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>What the sweeper reads of ML.NET's internals is still there (an ML.NET upgrade that moves it fails here).</summary>
[TestClass]
public sealed class PipelineFitterTests
{
    [TestMethod]
    public void AnEstimatorChainsStepsAndScopesAreReadable()
    {
        var ml = new MLContext(1);
        var chain = ml.Transforms.Concatenate("Features", "X1", "X2").Append(ml.Transforms.NormalizeMinMax("Features"), TransformerScope.Training)
            .Append(ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 2));
        Assert.IsTrue(MLNetInternals.TryGetChainSteps(chain, out IEstimator<ITransformer>[] steps, out TransformerScope[] scopes));
        CollectionAssert.AreEqual(new[] { "ColumnConcatenatingEstimator", "NormalizingEstimator", "FastTreeBinaryTrainer" }, steps.Select(s => s.GetType().Name).ToArray());
        Assert.AreEqual(TransformerScope.Training, scopes[1]);
        Assert.IsFalse(MLNetInternals.TryGetChainSteps(ml.Transforms.Concatenate("Features", "X1"), out _, out _), "a single estimator is no chain");
        Assert.IsTrue(MLNetInternals.CanCancel, "MLContext.CancelExecution is reachable");
    }

    [TestMethod]
    public void AChainFittedStepByStepScoresAsItsOwnFit()
    {
        var ml = new MLContext(1);
        IDataView data = TestData.Moons(ml, 200, 2);
        var chain = ml.Transforms.Concatenate("Features", "X1", "X2").Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 5, numberOfLeaves: 4, minimumExampleCountPerLeaf: 2));
        ITransformer stepwise = PipelineFitter.Fit(ml, chain, data, null, null, CancellationToken.None);
        ITransformer whole = chain.Fit(data);
        Assert.AreEqual(ml.BinaryClassification.Evaluate(whole.Transform(data)).AreaUnderRocCurve, ml.BinaryClassification.Evaluate(stepwise.Transform(data)).AreaUnderRocCurve, 1e-12);
    }
}
