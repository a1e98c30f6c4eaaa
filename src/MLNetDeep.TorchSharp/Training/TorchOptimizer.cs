namespace MLNetDeep.TorchSharp.Training;

using MLNetDeep.Neural.Optimizers;
using global::TorchSharp;
using static global::TorchSharp.torch;

/// <summary>
/// The engine's update rules (<c>UpdateRules</c>) on libtorch tensors, in place under <c>no_grad</c>: decoupled weight
/// decay <c>w -= lr lambda w</c> on weight matrices first, then gradient descent, the course's momentum
/// <c>v = beta v + (1 - beta) g</c> (not libtorch's <c>v = beta v + g</c>) with the engine's Nesterov step, RMSprop
/// <c>w -= lr g / (sqrt(s) + eps)</c>, or Adam in PyTorch's arrangement <c>w -= (lr / c1) m / (sqrt(v) / sqrt(c2) + eps)</c>.
/// State is kept per parameter as the engine's optimizer keeps it, so checkpoints are interchangeable.
/// </summary>
internal sealed class TorchOptimizer : IDisposable
{
    private readonly OptimizerOptions _options;
    private readonly IReadOnlyList<Tensor> _parameters;
    private readonly IReadOnlyList<bool> _regularized;
    private readonly Tensor[][] _state;

    public TorchOptimizer(OptimizerOptions options, IReadOnlyList<Tensor> parameters, IReadOnlyList<bool> regularized)
    {
        _options = options;
        _parameters = parameters;
        _regularized = regularized;
        _state = parameters.Select(p => Enumerable.Range(0, options.StateArraysPerParameter).Select(_ => zeros_like(p).requires_grad_(false)).ToArray()).ToArray();
    }

    /// <summary>Steps taken (Adam's t).</summary>
    public long StepCount { get; private set; }

    /// <summary>Updates every parameter from its gradient and sets the gradient to zero.</summary>
    public void Step(float lr)
    {
        using var scope = NewDisposeScope();
        using var mode = no_grad();
        StepCount++;
        OptimizerOptions o = _options;
        float decay = o.EffectiveWeightDecay;
        float c1 = 1f - (float)Math.Pow(o.Beta1, StepCount);
        float c2 = 1f - (float)Math.Pow(o.Beta2, StepCount);
        for (int i = 0; i < _parameters.Count; i++)
        {
            Tensor w = _parameters[i];
            Tensor g = w.grad ?? throw new InvalidOperationException("A parameter has no gradient; the forward pass did not use it.");
            if (_regularized[i] && decay > 0f)
            {
                w.mul_(1f - (lr * decay));
            }

            switch (o.Kind)
            {
                case OptimizerKind.GradientDescent:
                    w.add_(g, -lr);
                    break;
                case OptimizerKind.Momentum:
                {
                    float beta = o.Momentum;
                    Tensor v = _state[i][0].mul_(beta).add_(g, 1f - beta);
                    w.add_(o.Nesterov ? (v * beta) + (g * (1f - beta)) : v, -lr);
                    break;
                }

                case OptimizerKind.RmsProp:
                {
                    float beta = o.RmsPropDecay;
                    Tensor s = _state[i][0].mul_(beta).addcmul_(g, g, 1f - beta);
                    w.addcdiv_(g, s.sqrt().add_(o.Epsilon), -lr);
                    break;
                }

                default:
                {
                    float invSqrtC2 = (float)(1.0 / Math.Sqrt(c2));
                    Tensor m = _state[i][0].mul_(o.Beta1).add_(g, 1f - o.Beta1);
                    Tensor v = _state[i][1].mul_(o.Beta2).addcmul_(g, g, 1f - o.Beta2);
                    w.addcdiv_(m, v.sqrt().mul_(invSqrtC2).add_(o.Epsilon), -(lr / c1));
                    break;
                }
            }

            g.zero_();
        }
    }

    /// <summary>The state as the engine's optimizer holds it: per parameter, its arrays (velocity; or m, v).</summary>
    public float[][][] Export()
    {
        using var scope = NewDisposeScope();
        return _state.Select(arrays => arrays.Select(t =>
        {
            Tensor cpu = t.cpu().contiguous();
            return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(cpu.bytes).ToArray();
        }).ToArray()).ToArray();
    }

    /// <summary>Restores the state of an engine optimizer of the same kind over the same network.</summary>
    /// <exception cref="InvalidDataException">The arrays do not match the parameters.</exception>
    public void Import(long steps, float[][][] state)
    {
        if (state.Length != 0 && state.Length != _state.Length)
        {
            throw new InvalidDataException($"The optimizer state covers {state.Length} parameters; the network has {_state.Length}.");
        }

        using var scope = NewDisposeScope();
        using var mode = no_grad();
        for (int i = 0; i < state.Length; i++)
        {
            if (state[i].Length != _state[i].Length)
            {
                throw new InvalidDataException($"The optimizer state of parameter {i} has {state[i].Length} arrays; {_options.Kind} keeps {_state[i].Length}.");
            }

            for (int k = 0; k < state[i].Length; k++)
            {
                if (state[i][k].LongLength != _state[i][k].numel())
                {
                    throw new InvalidDataException($"The optimizer state of parameter {i} has {state[i][k].Length} values; the parameter has {_state[i][k].numel()}.");
                }

                _state[i][k].copy_(frombuffer(state[i][k], ScalarType.Float32).view(_state[i][k].shape));
            }
        }

        StepCount = steps;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (Tensor t in _state.SelectMany(a => a))
        {
            t.Dispose();
        }
    }
}
