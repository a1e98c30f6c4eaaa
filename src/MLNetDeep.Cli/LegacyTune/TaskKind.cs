namespace MLNetDeep.Cli.LegacyTune;

using MLNetDeep.Legacy;
/// <summary>The learning task of <c>--task</c>.</summary>
internal enum TaskKind
{
    /// <summary>Two classes: a Boolean label, one of the two values is positive.</summary>
    Binary,

    /// <summary>Two or more classes: a key label, classes sorted by value.</summary>
    Multiclass,

    /// <summary>A numeric label.</summary>
    Regression,
}
