namespace MLNetDeep.AutoML.SearchSpaces;

using MLNetDeep.Neural.Optimizers;
using MLNetDeep.Neural.Schedules;
using MLNetDeep.Legacy.Trainers;

/// <summary>
/// The default search space of the feed-forward trainers and the function that applies one of its points to
/// <see cref="FeedForwardTrainerOptions"/> with <c>with</c>. Ranges follow the course's advice: learning rate and L2
/// on a log scale, averaging coefficients on the 1 - 10^r scale, widths and batch sizes as powers of two.
/// </summary>
public static class FeedForwardSearchSpace
{
    /// <summary>Learning rate alpha0: log scale, 1e-4 .. 1e-1, default 1e-3.</summary>
    public const string LearningRate = nameof(LearningRate);

    /// <summary>Number of hidden layers: 1 .. 3, default 2.</summary>
    public const string HiddenLayerCount = nameof(HiddenLayerCount);

    /// <summary>Width of hidden layer 1 (also 2, 3: <c>HiddenUnits2</c>, <c>HiddenUnits3</c>): powers of two 16 .. 512, default 64. Widths beyond the layer count are ignored.</summary>
    public const string HiddenUnits1 = nameof(HiddenUnits1);

    /// <summary>Width of hidden layer 2.</summary>
    public const string HiddenUnits2 = nameof(HiddenUnits2);

    /// <summary>Width of hidden layer 3.</summary>
    public const string HiddenUnits3 = nameof(HiddenUnits3);

    /// <summary>Dropout rate: linear, 0 .. 0.5, default 0.</summary>
    public const string DropoutRate = nameof(DropoutRate);

    /// <summary>The course's L2 lambda: log scale, 1e-6 .. 1, default 1e-4.</summary>
    public const string L2Regularization = nameof(L2Regularization);

    /// <summary>Batch normalization on or off, default off.</summary>
    public const string BatchNormalization = nameof(BatchNormalization);

    /// <summary>The optimizer: Momentum, RmsProp or Adam, default Adam.</summary>
    public const string Optimizer = nameof(Optimizer);

    /// <summary>Mini-batch size: powers of two 16 .. 512, default 64.</summary>
    public const string BatchSize = nameof(BatchSize);

    /// <summary>beta1 on the 1 - 10^r scale, 0.8 .. 0.99, default 0.9: Adam's beta1 and momentum's beta.</summary>
    public const string Beta1 = nameof(Beta1);

    /// <summary>Adam's beta2 on the 1 - 10^r scale, 0.99 .. 0.9999, default 0.999.</summary>
    public const string Beta2 = nameof(Beta2);

    /// <summary>Learning-rate decay: None, InverseTime (alpha0 / (1 + rate * epoch)) or Exponential (alpha0 * (1 - rate)^epoch), default None.</summary>
    public const string LearningRateDecay = nameof(LearningRateDecay);

    /// <summary>The decay rate of <see cref="LearningRateDecay"/>: log scale, 1e-3 .. 0.5, default 0.05.</summary>
    public const string DecayRate = nameof(DecayRate);

    /// <summary>Passes over the data: 5 .. 40, default 20 (the budget Hyperband controls).</summary>
    public const string NumberOfEpochs = nameof(NumberOfEpochs);

    /// <summary>A new copy of the default space (parameters in the order of the constants above).</summary>
    /// <param name="maxEpochs">The largest epoch count. Default 40.</param>
    /// <param name="minEpochs">The smallest epoch count. Default 5.</param>
    public static SearchSpace Create(int maxEpochs = 40, int minEpochs = 5) => new SearchSpace()
        .AddFloat(LearningRate, 1e-4, 1e-1, 1e-3, ParameterScale.Log)
        .AddInt(HiddenLayerCount, 1, 3, 2)
        .AddInt(HiddenUnits1, 16, 512, 64, ParameterScale.PowerOfTwo)
        .AddInt(HiddenUnits2, 16, 512, 64, ParameterScale.PowerOfTwo)
        .AddInt(HiddenUnits3, 16, 512, 64, ParameterScale.PowerOfTwo)
        .AddFloat(DropoutRate, 0, 0.5, 0)
        .AddFloat(L2Regularization, 1e-6, 1, 1e-4, ParameterScale.Log)
        .AddBoolean(BatchNormalization)
        .Add(new ChoiceParameter(Optimizer, [OptimizerKind.Momentum, OptimizerKind.RmsProp, OptimizerKind.Adam], 2))
        .AddInt(BatchSize, 16, 512, 64, ParameterScale.PowerOfTwo)
        .AddFloat(Beta1, 0.8, 0.99, 0.9, ParameterScale.OneMinusLog)
        .AddFloat(Beta2, 0.99, 0.9999, 0.999, ParameterScale.OneMinusLog)
        .AddChoice(LearningRateDecay, "None", "InverseTime", "Exponential")
        .AddFloat(DecayRate, 1e-3, 0.5, 0.05, ParameterScale.Log)
        .AddInt(NumberOfEpochs, minEpochs, maxEpochs, Math.Clamp(20, minEpochs, maxEpochs));

    /// <summary>
    /// <paramref name="options"/> with every parameter of <paramref name="parameter"/> that names one of this space's
    /// parameters applied (others are left as they are, so a smaller custom space works too).
    /// </summary>
    public static TOptions Apply<TOptions>(TOptions options, Parameter parameter)
        where TOptions : FeedForwardTrainerOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(parameter);
        TOptions o = options;
        if (parameter.ContainsKey(HiddenLayerCount) || parameter.ContainsKey(HiddenUnits1))
        {
            int count = parameter.ContainsKey(HiddenLayerCount) ? parameter.GetInt(HiddenLayerCount) : o.HiddenLayers.Count;
            var widths = new int[count];
            string[] names = [HiddenUnits1, HiddenUnits2, HiddenUnits3];
            for (int i = 0; i < count; i++)
            {
                widths[i] = i < names.Length && parameter.ContainsKey(names[i]) ? parameter.GetInt(names[i])
                    : i < o.HiddenLayers.Count ? o.HiddenLayers[i] : 64;
            }

            o = o with { HiddenLayers = widths };
        }

        if (parameter.ContainsKey(LearningRate))
        {
            o = o with { LearningRate = (float)parameter.GetDouble(LearningRate) };
        }

        if (parameter.ContainsKey(DropoutRate))
        {
            o = o with { DropoutRate = (float)parameter.GetDouble(DropoutRate) };
        }

        if (parameter.ContainsKey(L2Regularization))
        {
            o = o with { L2Regularization = (float)parameter.GetDouble(L2Regularization) };
        }

        if (parameter.ContainsKey(BatchNormalization))
        {
            o = o with { BatchNormalization = parameter.GetBool(BatchNormalization) };
        }

        if (parameter.ContainsKey(Optimizer))
        {
            o = o with { Optimizer = Enum.Parse<OptimizerKind>(parameter.GetString(Optimizer)) };
        }

        if (parameter.ContainsKey(BatchSize))
        {
            o = o with { BatchSize = parameter.GetInt(BatchSize) };
        }

        if (parameter.ContainsKey(Beta1))
        {
            float beta1 = (float)parameter.GetDouble(Beta1);
            o = o with { AdamBeta1 = beta1, Momentum = beta1 };
        }

        if (parameter.ContainsKey(Beta2))
        {
            o = o with { AdamBeta2 = (float)parameter.GetDouble(Beta2) };
        }

        if (parameter.ContainsKey(LearningRateDecay))
        {
            double rate = parameter.ContainsKey(DecayRate) ? parameter.GetDouble(DecayRate) : 0.05;
            o = o with
            {
                LearningRateSchedule = parameter.GetString(LearningRateDecay) switch
                {
                    "None" => LearningRateSchedule.Constant,
                    "InverseTime" => LearningRateSchedule.InverseTime(rate),
                    "Exponential" => LearningRateSchedule.Exponential(1 - rate),
                    string other => throw new ArgumentException($"{LearningRateDecay} '{other}' is not None, InverseTime or Exponential."),
                },
            };
        }

        if (parameter.ContainsKey(NumberOfEpochs))
        {
            o = o with { NumberOfEpochs = parameter.GetInt(NumberOfEpochs) };
        }

        return o;
    }
}
