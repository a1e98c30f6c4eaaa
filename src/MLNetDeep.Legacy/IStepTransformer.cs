namespace MLNetDeep.Legacy;

using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Model;

/// <summary>What every step this library defines can do besides <see cref="ITransformer"/>: save itself and map one row.</summary>
internal interface IStepTransformer : ITransformer
{
    /// <summary>The model-file kind.</summary>
    string Kind { get; }

    /// <summary>Writes options and fitted state.</summary>
    void Save(ModelSaveContext context);

    /// <summary>Maps one row (all of whose columns are active) to a row with every output column active.</summary>
    DataViewRow MapRow(DataViewRow input);
}
