namespace MLNetDeep.AutoML.Stores;

/// <summary>A new trial's content, produced inside the store's atomic create.</summary>
/// <param name="ParametersJson">The proposed point (<see cref="SearchSpaces.SweepParameters.ToJson"/>).</param>
/// <param name="Seed">The trial's training seed.</param>
public sealed record TrialProposal(string ParametersJson, int Seed);
