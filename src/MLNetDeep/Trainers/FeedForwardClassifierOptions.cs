namespace MLNetDeep.Trainers;

/// <summary>
/// The options of the two classifiers (<see cref="FeedForwardBinaryTrainer.Options"/>,
/// <see cref="FeedForwardMulticlassTrainer.Options"/>): every knob of <see cref="FeedForwardTrainerOptions"/> and the
/// classifiers' own, <see cref="ClassWeights"/>.
/// </summary>
public abstract record FeedForwardClassifierOptions : FeedForwardTrainerOptions
{
    /// <summary>
    /// How much each class weighs in the training loss, for imbalanced data: each training row's weight (1, or its
    /// example weight) times its class's weight; <see cref="Trainers.ClassWeights.Balanced"/> or
    /// <see cref="Trainers.ClassWeights.Of"/> one weight per class (binary: false/negative, then true/positive; multiclass:
    /// the key order). The validation loss and every metric stay unweighted, for held-out (<c>ValidationFraction</c>) and
    /// given validation rows alike (Keras's rule). Default null: every class weighs 1.
    /// </summary>
    public ClassWeights? ClassWeights { get; init; }
}
