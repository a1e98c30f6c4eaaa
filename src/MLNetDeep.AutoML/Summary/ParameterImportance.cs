namespace MLNetDeep.AutoML.Summary;

/// <summary>How much of the spread of the loss one parameter explains on its own.</summary>
/// <param name="Name">The parameter.</param>
/// <param name="Importance">Its share, in [0, 1]; the shares of a study sum to 1 (or are all 0).</param>
/// <param name="ExplainedVariance">The unnormalized fraction of the loss variance its marginal explains (epsilon-squared), in [0, 1].</param>
public sealed record ParameterImportance(string Name, double Importance, double ExplainedVariance);
