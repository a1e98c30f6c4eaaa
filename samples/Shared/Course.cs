namespace MLNetDeep.Samples;

using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Training;

/// <summary>What the course notebooks share: accuracy of a trained binary classifier.</summary>
public static class Course
{
    /// <summary>The fraction of <paramref name="data"/> that <paramref name="network"/> classifies correctly (logit &gt; 0 means class 1).</summary>
    public static double Accuracy(Network network, ExampleSet data)
    {
        var output = new float[data.Count * network.OutputSize];
        network.Predict(data.Features, data.Count, output);
        var loss = network.OutputSize == 1 ? (Loss)new BinaryCrossEntropy() : new SoftmaxCrossEntropy();
        return loss.MetricSum(output, data.Targets, data.Count, network.OutputSize) / data.Count;
    }
}
