namespace MLNetDeep.AutoML.Stores;

/// <summary>What identifies a study in a trial store: its name, its search space (canonical JSON and fingerprint) and what it optimizes.</summary>
/// <param name="Name">The study's name, unique in its store.</param>
/// <param name="Fingerprint">The search space's <see cref="SearchSpaces.SearchSpace.Fingerprint"/>.</param>
/// <param name="SearchSpaceJson">The search space's canonical JSON (<see cref="SearchSpaces.SearchSpace.ToJson"/>).</param>
/// <param name="Metric">The optimized metric's name, e.g. <c>Accuracy</c>.</param>
/// <param name="Direction"><c>maximize</c> or <c>minimize</c>: the metric's direction (losses are always minimized).</param>
public sealed record StudyDefinition(string Name, string Fingerprint, string SearchSpaceJson, string Metric, string Direction);
