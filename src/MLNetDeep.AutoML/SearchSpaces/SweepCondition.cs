namespace MLNetDeep.AutoML.SearchSpaces;

/// <summary>When a conditional parameter of a <see cref="SweepSpace"/> is active (see <see cref="SweepSpace.When"/>).</summary>
/// <param name="Parent">The choice or integer parameter that decides.</param>
/// <param name="Values">The parent's values under which the parameter is active (normalized as the parent holds them).</param>
public sealed record SweepCondition(string Parent, IReadOnlyList<object> Values);
