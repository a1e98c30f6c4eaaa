namespace MLNetDeep.Neural.Optimizers;

using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Numerics;

/// <summary>
/// Applies one update rule to a network's parameters. Per-parameter state (velocity, squared-gradient averages) is
/// created on the first <see cref="Step"/> and kept by parameter position, so an optimizer serves one network.
/// </summary>
public sealed unsafe class Optimizer
{
    /// <summary>Below this many elements per part a parameter is updated on one thread (the hand-off costs more).</summary>
    private const int MinimumPerPart = 16_384;

    private float[][][] _state = [];
    private int _threads = 1;

    internal Optimizer(OptimizerOptions options)
    {
        Options = options;
    }

    /// <summary>The settings this optimizer was created with.</summary>
    public OptimizerOptions Options { get; }

    /// <summary>The number of steps taken (Adam's t).</summary>
    public long StepCount { get; private set; }

    /// <summary>
    /// Threads a large parameter's update is split over (the trainer sets the network's count). The rules are
    /// element-wise, so the result does not depend on it. Default 1.
    /// </summary>
    internal int Threads
    {
        get => _threads;
        set => _threads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Threads must be at least 1.");
    }

    /// <summary>Updates every parameter from its gradient with learning rate <paramref name="learningRate"/>.</summary>
    public void Step(IReadOnlyList<Parameter> parameters, float learningRate)
    {
        if (_state.Length == 0 && parameters.Count > 0)
        {
            _state = parameters.Select(p => Enumerable.Range(0, Options.StateArraysPerParameter).Select(_ => new float[p.Length]).ToArray()).ToArray();
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
            fixed (float* w = p.Value)
            fixed (float* g = p.Gradient)
            fixed (float* s0 = s.Length > 0 ? s[0] : null)
            fixed (float* s1 = s.Length > 1 ? s[1] : null)
            {
                var job = new UpdateJob
                {
                    Kind = o.Kind, Beta = o.Kind == OptimizerKind.RmsProp ? o.RmsPropDecay : o.Kind == OptimizerKind.Momentum ? o.Momentum : o.Beta1,
                    Beta2 = o.Beta2, Epsilon = o.Epsilon, Nesterov = o.Nesterov, W = w, G = g, S0 = s0, S1 = s1, Length = p.Length, LearningRate = learningRate,
                    Decay = p.Regularized ? decay : 0f, C1 = c1, C2 = c2,
                    Parts = Workers.Parts(p.Length, _threads, MinimumPerPart),
                };
                Workers.Run(&UpdateJob.Run, &job, job.Parts, _threads);
            }
        }
    }

    /// <summary>One parameter's update, split into element ranges for <see cref="Workers"/>.</summary>
    private struct UpdateJob
    {
        public OptimizerKind Kind;
        public float Beta;
        public float Beta2;
        public float Epsilon;
        public bool Nesterov;
        public float* W;
        public float* G;
        public float* S0;
        public float* S1;
        public int Length;
        public float LearningRate;
        public float Decay;
        public float C1;
        public float C2;
        public int Parts;

        public static void Run(void* state, int part)
        {
            ref UpdateJob j = ref *(UpdateJob*)state;
            (int start, int length) = Workers.Range(j.Length, j.Parts, part);
            var w = new Span<float>(j.W + start, length);
            var g = new ReadOnlySpan<float>(j.G + start, length);
            float lr = j.LearningRate;
            if (j.Decay > 0f)
            {
                UpdateRules.DecayWeights(w, lr, j.Decay);
            }

            switch (j.Kind)
            {
                case OptimizerKind.GradientDescent:
                    UpdateRules.GradientDescent(w, g, lr, Simd.Best);
                    break;
                case OptimizerKind.Momentum:
                    UpdateRules.Momentum(w, g, new Span<float>(j.S0 + start, length), lr, j.Beta, j.Nesterov, Simd.Best);
                    break;
                case OptimizerKind.RmsProp:
                    UpdateRules.RmsProp(w, g, new Span<float>(j.S0 + start, length), lr, j.Beta, j.Epsilon, Simd.Best);
                    break;
                default:
                    UpdateRules.Adam(w, g, new Span<float>(j.S0 + start, length), new Span<float>(j.S1 + start, length), lr, j.Beta, j.Beta2, j.Epsilon, j.C1, j.C2, Simd.Best);
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
