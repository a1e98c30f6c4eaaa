namespace MLNetDeep.Neural.Tests.Layers;

using MLNetDeep.Neural.Initializers;
using MLNetDeep.Neural.Layers;

[TestClass]
[TestCategory(MLNetDeep.Neural.Tests.Paths.Avx2PathTests.Category)]
public sealed class LayerGradientTests
{
    [TestMethod]
    [DataRow(1, 1, 1)]
    [DataRow(3, 7, 5)]
    [DataRow(17, 4, 9)]
    public void DenseBackwardMatchesFiniteDifferences(int inputs, int units, int batch) =>
        FiniteDifference.CheckLayer(new Dense(units, Initializer.GlorotNormal), inputs, batch, seed: inputs * 100 + units);

    [TestMethod]
    public void DenseWithoutBiasBackwardMatchesFiniteDifferences()
    {
        var layer = new Dense(6, useBias: false);
        FiniteDifference.CheckLayer(layer, 5, 4, seed: 2);
        Assert.AreEqual(1, layer.Parameters.Count);
        Assert.IsNull(layer.Bias);
    }

    [TestMethod]
    public void ReluBackwardMatchesFiniteDifferences() => FiniteDifference.CheckLayer(new Relu(), 7, 5, seed: 3, inputMagnitudeFloor: 0.05f);

    [TestMethod]
    public void LeakyReluBackwardMatchesFiniteDifferences() => FiniteDifference.CheckLayer(new LeakyRelu(0.2f), 7, 5, seed: 4, inputMagnitudeFloor: 0.05f);

    [TestMethod]
    public void TanhBackwardMatchesFiniteDifferences() => FiniteDifference.CheckLayer(new Tanh(), 7, 5, seed: 5);

    [TestMethod]
    public void SigmoidBackwardMatchesFiniteDifferences() => FiniteDifference.CheckLayer(new Sigmoid(), 7, 5, seed: 6);

    [TestMethod]
    public void IdentityBackwardMatchesFiniteDifferences() => FiniteDifference.CheckLayer(new Identity(), 3, 2, seed: 7);

    [TestMethod]
    public void SoftmaxBackwardMatchesFiniteDifferences() => FiniteDifference.CheckLayer(new Softmax(), 6, 4, seed: 8);

    [TestMethod]
    [DataRow(8, 3)]
    [DataRow(2, 17)]
    public void BatchNormTrainingBackwardMatchesFiniteDifferences(int batch, int features) =>
        FiniteDifference.CheckLayer(new BatchNorm(), features, batch, seed: 9);

    [TestMethod]
    public void BatchNormInferenceBackwardMatchesFiniteDifferences() =>
        FiniteDifference.CheckLayer(new BatchNorm(), 5, 4, seed: 10, training: false);

    [TestMethod]
    public void DropoutBackwardUsesTheSameMask()
    {
        var layer = new Dropout(0.3f) { Generator = new MLNetDeep.Neural.Numerics.Rng(1), FreezeMask = false };
        layer.Build(9);
        layer.Forward(new float[9 * 4], 4, training: true); // draw a mask
        layer.FreezeMask = true;
        FiniteDifference.CheckLayer(layer, 9, 4, seed: 11);
    }
}
