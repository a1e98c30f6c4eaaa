namespace MLNetDeep.Trainers;

using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>Continuing the network inside a whole pipeline on new raw rows.</summary>
public abstract partial class FeedForwardTrainerBase
{
    /// <summary>
    /// Continues training the feed-forward network inside a whole fitted or loaded pipeline on new rows as the pipeline
    /// reads them (Keras's <c>model.fit</c> on more data): the rows go through the pipeline's own fitted steps before the
    /// network (its normalization, one-hot categories and label keys as fitted, never refitted on the new rows), the
    /// network trains from its weights as <see cref="Fit(IDataView, FeedForwardPredictionTransformer)"/> does, and the
    /// result is the pipeline with the retrained network in its place and every other step as it was. When the pipeline
    /// holds more than one feed-forward network, the last is the one trained.
    /// </summary>
    /// <remarks>
    /// Nested chains come back flattened into one chain of the same steps. The steps other than the network are shared
    /// with <paramref name="model"/>, not copied (as ML.NET's <c>Append</c> shares them): save the result with
    /// <c>ml.Model.Save</c> for a model of its own.
    /// </remarks>
    /// <param name="model">A fitted or loaded pipeline holding a feed-forward network (<c>ml.Model.Load</c>, a <c>Fit</c>).</param>
    /// <param name="trainData">New rows with the columns the pipeline reads, the label included.</param>
    /// <param name="validationData">Rows to validate on after every epoch, with the same columns, or null (default).</param>
    /// <param name="cancellationToken">Cancels training; <see cref="OperationCanceledException"/> is thrown within one mini-batch.</param>
    /// <returns>The pipeline with the retrained network; <paramref name="model"/> is not changed.</returns>
    /// <exception cref="ArgumentException">The pipeline holds no feed-forward network, or the network does not fit this trainer or the data (the message names what differs and both values).</exception>
    public TransformerChain<ITransformer> Continue(ITransformer model, IDataView trainData, IDataView? validationData = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(trainData);
        ITransformer[] steps = [.. Steps(model)];
        int at = Array.FindLastIndex(steps, s => s is TransformerChain<ITransformer> chain && FeedForwardPredictionTransformer.FindNetwork(chain) == chain);
        if (at < 0)
        {
            throw new ArgumentException($"The model ({model.GetType().Name}) holds no MLNetDeep feed-forward network to continue training.", nameof(model));
        }

        var before = new TransformerChain<ITransformer>(steps[..at]);
        FeedForwardPredictionTransformer initial = new MLContext(seed: 0).Model.GetFeedForwardPredictionTransformer(steps[at]);
        TransformerChain<ITransformer> network = Fit(before.Transform(trainData), validationData is null ? null : before.Transform(validationData), initial, cancellationToken);
        return new TransformerChain<ITransformer>([.. steps[..at], network, .. steps[(at + 1)..]]);
    }

    /// <summary>A pipeline's steps in order, nested chains flattened, down to the feed-forward network's own chain.</summary>
    private static IEnumerable<ITransformer> Steps(ITransformer model) =>
        model is TransformerChain<ITransformer> chain && FeedForwardPredictionTransformer.FindNetwork(chain) != chain ? chain.SelectMany(Steps) : [model];
}
