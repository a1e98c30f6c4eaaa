namespace MLNetDeep.AutoML.Tuners;

/// <summary>One bracket of Hyperband: how many of every cycle's trials it gets and the epochs at which they are judged.</summary>
/// <param name="Index">s: the bracket's aggressiveness (s = s_max starts at the fewest epochs).</param>
/// <param name="TrialCount">n_s = ceil((s_max + 1) / (s + 1) * eta^s): its trials per cycle of trial ids.</param>
/// <param name="MinEpochs">r_s = max / eta^s: the epochs every trial of the bracket gets.</param>
/// <param name="Rungs">The epochs (r_s * eta^k &lt; max) after which a trial must rank in the top 1/eta of its bracket's trials at that rung to go on.</param>
public sealed record HyperbandBracket(int Index, int TrialCount, int MinEpochs, IReadOnlyList<int> Rungs);
