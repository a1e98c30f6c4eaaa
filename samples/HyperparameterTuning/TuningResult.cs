namespace MLNetDeep.Samples.HyperparameterTuning;

using MLNetDeep.AutoML;
using MLNetDeep.AutoML.Tuners;

/// <summary>What the tuning experiment measured.</summary>
/// <param name="LearningRateDecades">Of the sampled learning rates, how many fell in each decade [1e-4,1e-3), ..., [0.1,1].</param>
/// <param name="OneMinusBetaDecades">Of the sampled momentum betas, how many had 1 - beta in [1e-3,1e-2), [1e-2,1e-1].</param>
/// <param name="Coarse">The coarse round's trials (the whole space).</param>
/// <param name="Fine">The fine round's trials.</param>
/// <param name="FineBox">The box the fine round sampled, in unit coordinates of (learning rate, beta).</param>
/// <param name="Best">The best trial of both rounds.</param>
/// <param name="CaviarSeconds">Wall-clock seconds of the whole search (parallel trials).</param>
/// <param name="BaselineAccuracy">Validation accuracy of the space's default point (rate 0.01, beta 0.9).</param>
/// <param name="PandaDays">The babysat model's days, one run each, in order.</param>
/// <param name="PandaAccuracy">Validation accuracy of the day the babysitter kept.</param>
/// <param name="PandaSeconds">Wall-clock seconds of all the days.</param>
public sealed record TuningResult(
    IReadOnlyList<int> LearningRateDecades,
    IReadOnlyList<int> OneMinusBetaDecades,
    IReadOnlyList<SweepTrialResult> Coarse,
    IReadOnlyList<SweepTrialResult> Fine,
    IReadOnlyList<UnitRange> FineBox,
    SweepTrialResult Best,
    double CaviarSeconds,
    double BaselineAccuracy,
    IReadOnlyList<PandaDay> PandaDays,
    double PandaAccuracy,
    double PandaSeconds);
