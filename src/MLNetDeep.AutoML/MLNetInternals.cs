namespace MLNetDeep.AutoML;

using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// The two things the sweeper needs that ML.NET 6 keeps private, reached by reflection and checked by tests
/// (<c>PipelineFitterTests</c>) so that an ML.NET upgrade that moves them fails there, not silently: the steps of an
/// <see cref="EstimatorChain{TLastTransformer}"/> (its <c>_estimators</c> and <c>_scopes</c> fields), so that a trial's
/// validation data can pass through the fitted earlier steps to MLNetDeep's trainer; and
/// <c>MLContext.CancelExecution()</c>, so that a stock ML.NET trainer (FastTree, say) stops when its trial is cancelled.
/// Without them a chain is fitted whole (no per-epoch validation reports) and stock trainers finish their fit.
/// </summary>
internal static class MLNetInternals
{
    private const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Instance;

    private static readonly MethodInfo? Cancel = typeof(MLContext).GetMethod("CancelExecution", Private, Type.EmptyTypes);

    /// <summary>Whether <see cref="CancelExecution"/> can reach ML.NET's cancellation.</summary>
    public static bool CanCancel => Cancel is not null;

    /// <summary>Cancels every running ML.NET component created from <paramref name="context"/> (they throw OperationCanceledException, possibly in an AggregateException).</summary>
    public static void CancelExecution(MLContext context) => Cancel?.Invoke(context, null);

    /// <summary>The steps and their scopes when <paramref name="estimator"/> is an ML.NET estimator chain whose steps can be read; else false.</summary>
    public static bool TryGetChainSteps(IEstimator<ITransformer> estimator, out IEstimator<ITransformer>[] steps, out TransformerScope[] scopes)
    {
        steps = [];
        scopes = [];
        Type type = estimator.GetType();
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(EstimatorChain<>)
            || type.GetField("_estimators", Private)?.GetValue(estimator) is not IEstimator<ITransformer>[] found
            || type.GetField("_scopes", Private)?.GetValue(estimator) is not TransformerScope[] foundScopes
            || foundScopes.Length != found.Length)
        {
            return false;
        }

        steps = found;
        scopes = foundScopes;
        return true;
    }
}
