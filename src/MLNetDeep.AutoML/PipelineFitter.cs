namespace MLNetDeep.AutoML;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Neural.Training;
using MLNetDeep.Trainers;

/// <summary>
/// Fits a trial's pipeline so that the experiment can watch and stop it. An ML.NET estimator chain is fitted step by
/// step (as its own <c>Fit</c> does) with the validation data passed through the fitted earlier steps, so that
/// MLNetDeep's feed-forward trainer gets it, reports every epoch and stops within one mini-batch when the trial is
/// cancelled. Other estimators are fitted as they are; ML.NET's own cancellation stops them when the trial is
/// cancelled (<see cref="MLNetInternals"/>).
/// </summary>
internal static class PipelineFitter
{
    /// <summary>Fits <paramref name="estimator"/> (built from <paramref name="context"/>) on <paramref name="train"/>.</summary>
    public static ITransformer Fit(MLContext context, IEstimator<ITransformer> estimator, IDataView train, IDataView? validation,
        Action<EpochRecord>? progress, CancellationToken token)
    {
        token.ThrowIfCancellationRequested();
        _ = estimator ?? throw new InvalidOperationException("The pipeline function (SetPipeline) returned null, not an estimator.");
        using CancellationTokenRegistration stop = token.Register(() => MLNetInternals.CancelExecution(context));
        ITransformer model = FitStep(context, estimator, train, validation, progress, token);
        token.ThrowIfCancellationRequested();
        return model;
    }

    private static ITransformer FitStep(MLContext context, IEstimator<ITransformer> estimator, IDataView train, IDataView? validation,
        Action<EpochRecord>? progress, CancellationToken token)
    {
        token.ThrowIfCancellationRequested();
        if (estimator is FeedForwardTrainerBase)
        {
            return Observed(context, estimator, progress).Fit(train, validation, token);
        }

        if (!MLNetInternals.TryGetChainSteps(estimator, out IEstimator<ITransformer>[] steps, out TransformerScope[] scopes))
        {
            return estimator.Fit(train);
        }

        var fitted = new ITransformer[steps.Length];
        IDataView current = train;
        IDataView? currentValidation = validation;
        for (int i = 0; i < steps.Length; i++)
        {
            fitted[i] = FitStep(context, steps[i], current, currentValidation, progress, token);
            if (i < steps.Length - 1)
            {
                current = fitted[i].Transform(current);
                currentValidation = currentValidation is null ? null : fitted[i].Transform(currentValidation);
            }
        }

        return new TransformerChain<ITransformer>(fitted, scopes);
    }

    /// <summary>The feed-forward trainer with <paramref name="progress"/> called after every epoch (besides its own <c>Progress</c>).</summary>
    private static FeedForwardTrainerBase Observed(MLContext context, IEstimator<ITransformer> trainer, Action<EpochRecord>? progress)
    {
        if (progress is null)
        {
            return (FeedForwardTrainerBase)trainer;
        }

        Action<EpochRecord> Both(Action<EpochRecord>? own) => own is null ? progress : r =>
        {
            own(r);
            progress(r);
        };

        return trainer switch
        {
            FeedForwardBinaryTrainer b => context.BinaryClassification.Trainers.FeedForward(b.TrainerOptions with { Progress = Both(b.TrainerOptions.Progress) }),
            FeedForwardMulticlassTrainer m => context.MulticlassClassification.Trainers.FeedForward(m.TrainerOptions with { Progress = Both(m.TrainerOptions.Progress) }),
            FeedForwardRegressionTrainer r => context.Regression.Trainers.FeedForward(r.TrainerOptions with { Progress = Both(r.TrainerOptions.Progress) }),
            _ => (FeedForwardTrainerBase)trainer,
        };
    }
}
