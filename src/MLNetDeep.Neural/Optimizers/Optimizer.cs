namespace MLNetDeep.Neural.Optimizers;

using MLNetDeep.Neural.Layers;

/// <summary>
/// Applies one update rule to a network's parameters. Per-parameter state (velocity, squared-gradient averages) is
/// created on the first <see cref="Step"/> and kept by parameter position, so an optimizer serves one network.
/// </summary>
public sealed class Optimizer
{
    private float[][][] _state = [];

    internal Optimizer(OptimizerOptions options)
    {
        Options = options;
    }

    /// <summary>The settings this optimizer was created with.</summary>
    public OptimizerOptions Options { get; }

    /// <summary>The number of steps taken (Adam's t).</summary>
    public long StepCount { get; private set; }

    private int StateArraysPerParameter => Options.Kind switch
    {
        OptimizerKind.GradientDescent => 0,
        OptimizerKind.Momentum or OptimizerKind.RmsProp => 1,
        _ => 2,
    };

    /// <summary>Updates every parameter from its gradient with learning rate <paramref name="learningRate"/>.</summary>
    public void Step(IReadOnlyList<Parameter> parameters, float learningRate)
    {
        if (_state.Length == 0 && parameters.Count > 0)
        {
            _state = parameters.Select(p => Enumerable.Range(0, StateArraysPerParameter).Select(_ => new float[p.Length]).ToArray()).ToArray();
        }
        else if (_state.Length != parameters.Count)
        {
            throw new InvalidOperationException($"This optimizer holds state for {_state.Length} parameters but was given {parameters.Count}; use one optimizer per network.");
        }

        StepCount++;
        OptimizerOptions o = Options;
        float decay = o.EffectiveWeightDecay;
        float c1 = 1f - (float)Math.Pow(o.Beta1, StepCount);
        float c2 = 1f - (float)Math.Pow(o.Beta2, StepCount);
        for (int i = 0; i < parameters.Count; i++)
        {
            Parameter p = parameters[i];
            float[][] s = _state[i];
            if (decay > 0f && p.Regularized)
            {
                UpdateRules.DecayWeights(p.Value, learningRate, decay);
            }

            switch (o.Kind)
            {
                case OptimizerKind.GradientDescent:
                    UpdateRules.GradientDescent(p.Value, p.Gradient, learningRate);
                    break;
                case OptimizerKind.Momentum:
                    UpdateRules.Momentum(p.Value, p.Gradient, s[0], learningRate, o.Momentum, o.Nesterov);
                    break;
                case OptimizerKind.RmsProp:
                    UpdateRules.RmsProp(p.Value, p.Gradient, s[0], learningRate, o.RmsPropDecay, o.Epsilon);
                    break;
                default:
                    UpdateRules.Adam(p.Value, p.Gradient, s[0], s[1], learningRate, o.Beta1, o.Beta2, o.Epsilon, c1, c2);
                    break;
            }
        }
    }

    /// <summary>The state arrays, parameter by parameter, for checkpoints.</summary>
    internal float[][][] State => _state;

    /// <summary>Restores state saved from an optimizer of the same kind over the same network.</summary>
    internal void Restore(long stepCount, float[][][] state)
    {
        StepCount = stepCount;
        _state = state;
    }
}
