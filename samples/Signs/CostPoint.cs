namespace MLNetDeep.Samples.Signs;

/// <summary>The training cost after an epoch.</summary>
/// <param name="Epoch">The epoch, counting from 0 as the course prints it.</param>
/// <param name="Cost">Mean softmax cross-entropy over the epoch's mini-batches.</param>
public sealed record CostPoint(int Epoch, double Cost);
