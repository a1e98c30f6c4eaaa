namespace MLNetDeep.Legacy;

using System.Collections;
using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Model;

/// <summary>Fitted steps applied in order (ML.NET's <c>TransformerChain&lt;TLastTransformer&gt;</c>); what <c>Fit</c> of a pipeline returns.</summary>
/// <typeparam name="TLastTransformer">The type of the last step, e.g. the trainer's model.</typeparam>
public sealed class TransformerChain<TLastTransformer> : ITransformer, IEnumerable<ITransformer>, IStepTransformer
    where TLastTransformer : class, ITransformer
{
    private readonly ITransformer[] _steps;

    /// <summary>Chains the steps; the last must be a <typeparamref name="TLastTransformer"/> (or the chain empty).</summary>
    public TransformerChain(params ITransformer[] steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        _steps = steps.ToArray();
        if (_steps.Length > 0 && _steps[^1] is not TLastTransformer)
        {
            throw new ArgumentException($"The last step is a {_steps[^1].GetType().Name}, not a {typeof(TLastTransformer).Name}.", nameof(steps));
        }
    }

    /// <summary>The last step, or null when the chain is empty.</summary>
    public TLastTransformer? LastTransformer => _steps.Length == 0 ? null : (TLastTransformer)_steps[^1];

    /// <inheritdoc/>
    public bool IsRowToRowMapper => _steps.All(s => s.IsRowToRowMapper);

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        DataViewSchema s = inputSchema;
        foreach (ITransformer t in _steps)
        {
            s = t.GetOutputSchema(s);
        }

        return s;
    }

    /// <inheritdoc/>
    public IDataView Transform(IDataView input)
    {
        IDataView v = input;
        foreach (ITransformer t in _steps)
        {
            v = t.Transform(v);
        }

        return v;
    }

    /// <summary>This chain with <paramref name="transformer"/> appended.</summary>
    public TransformerChain<TNew> Append<TNew>(TNew transformer)
        where TNew : class, ITransformer => new([.. _steps, transformer]);

    /// <inheritdoc/>
    public IEnumerator<ITransformer> GetEnumerator() => ((IEnumerable<ITransformer>)_steps).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    string IStepTransformer.Kind => "Chain";

    void IStepTransformer.Save(ModelSaveContext context) =>
        throw new InvalidOperationException("A chain is saved as its steps.");

    DataViewRow IStepTransformer.MapRow(DataViewRow input)
    {
        DataViewRow row = input;
        foreach (ITransformer t in _steps)
        {
            row = t is IStepTransformer s
                ? s.MapRow(row)
                : throw new InvalidOperationException($"A {t.GetType().Name} cannot run one row at a time.");
        }

        return row;
    }
}
