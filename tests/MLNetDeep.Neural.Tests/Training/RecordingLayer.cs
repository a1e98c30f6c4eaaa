namespace MLNetDeep.Neural.Tests.Training;

using MLNetDeep.Neural.Layers;

/// <summary>An identity layer that records the batch size of every training forward and can run an action on each.</summary>
internal sealed class RecordingLayer : Layer
{
    public List<int> TrainingBatches { get; } = [];

    public Action<int>? OnTrainingForward { get; set; }

    public override string DisplayName => "Recording";

    protected override int OnBuild(int inputSize) => inputSize;

    protected override void Allocate(int capacity)
    {
    }

    protected override ReadOnlyMemory<float> OnForward(ReadOnlyMemory<float> input, int batch, bool training)
    {
        if (training)
        {
            TrainingBatches.Add(batch);
            OnTrainingForward?.Invoke(TrainingBatches.Count);
        }

        return input;
    }

    protected override ReadOnlyMemory<float> OnBackward(ReadOnlyMemory<float> outputGradient, int batch, bool needInputGradient) => outputGradient;
}
