namespace MLNetDeep.Neural.Schedules;

using System.Globalization;

/// <summary>
/// How the learning rate changes from epoch to epoch. <c>alpha0</c> is the training options' learning rate and
/// <c>epoch</c> counts from 0; the rate is set at the start of each epoch.
/// </summary>
public abstract record LearningRateSchedule
{
    private protected LearningRateSchedule()
    {
    }

    /// <summary>A constant rate <c>alpha0</c>. The default.</summary>
    public static LearningRateSchedule Constant { get; } = new ConstantSchedule();

    /// <summary>The course's decay: <c>alpha0 / (1 + decayRate * epoch)</c>.</summary>
    /// <param name="decayRate">Non-negative decay rate.</param>
    public static LearningRateSchedule InverseTime(double decayRate) => new InverseTimeSchedule(CheckNonNegative(decayRate, nameof(decayRate)), 1);

    /// <summary>The course's stepped decay: <c>alpha0 / (1 + decayRate * floor(epoch / interval))</c>.</summary>
    /// <param name="decayRate">Non-negative decay rate.</param>
    /// <param name="interval">Epochs between decays; at least 1 (the course uses 1000).</param>
    public static LearningRateSchedule InverseTimeStepped(double decayRate, int interval)
    {
        if (interval < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "The decay interval must be at least 1 epoch.");
        }

        return new InverseTimeSchedule(CheckNonNegative(decayRate, nameof(decayRate)), interval);
    }

    /// <summary>Exponential decay: <c>alpha0 * gamma^epoch</c> (the course's 0.95^epoch).</summary>
    /// <param name="gamma">Factor per epoch, in (0, 1].</param>
    public static LearningRateSchedule Exponential(double gamma) => new ExponentialSchedule(CheckFactor(gamma, nameof(gamma)));

    /// <summary>Step decay: <c>alpha0 * gamma^floor(epoch / stepSize)</c> (PyTorch's StepLR).</summary>
    /// <param name="stepSize">Epochs per step; at least 1.</param>
    /// <param name="gamma">Factor per step, in (0, 1]. Default 0.1 (PyTorch).</param>
    public static LearningRateSchedule Step(int stepSize, double gamma = 0.1)
    {
        if (stepSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "The step size must be at least 1 epoch.");
        }

        return new StepSchedule(stepSize, CheckFactor(gamma, nameof(gamma)));
    }

    /// <summary>
    /// Cosine annealing with linear warm-up: for the first <paramref name="warmupEpochs"/> epochs
    /// <c>alpha0 * (epoch + 1) / warmupEpochs</c>, then <c>min + (alpha0 - min) (1 + cos(pi t)) / 2</c> with
    /// <c>t = (epoch - warmup) / (epochs - warmup)</c>: 0 at the end of warm-up, approaching 1 so that the last epoch
    /// still trains at a small rate (PyTorch's CosineAnnealingLR with T_max the epochs after warm-up).
    /// </summary>
    /// <param name="warmupEpochs">Warm-up epochs; non-negative. Default 0.</param>
    /// <param name="minimumRate">The final rate; non-negative. Default 0 (PyTorch's eta_min).</param>
    public static LearningRateSchedule Cosine(int warmupEpochs = 0, double minimumRate = 0)
    {
        if (warmupEpochs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(warmupEpochs), warmupEpochs, "Warm-up epochs must be non-negative.");
        }

        return new CosineSchedule(warmupEpochs, CheckNonNegative(minimumRate, nameof(minimumRate)));
    }

    /// <summary>
    /// Reduce on plateau (Keras' ReduceLROnPlateau): when the validation loss (the training loss without a validation
    /// set) has not improved by more than <paramref name="minimumDelta"/> for <paramref name="patience"/> epochs, multiply
    /// the rate by <paramref name="factor"/>, never going below <paramref name="minimumRate"/>.
    /// </summary>
    /// <param name="factor">In (0, 1). Default 0.1 (Keras).</param>
    /// <param name="patience">Epochs without improvement before a reduction; at least 1. Default 10 (Keras).</param>
    /// <param name="minimumDelta">Smallest decrease that counts as improvement; non-negative. Default 1e-4 (Keras).</param>
    /// <param name="minimumRate">Floor for the rate; non-negative. Default 0.</param>
    public static LearningRateSchedule ReduceOnPlateau(double factor = 0.1, int patience = 10, double minimumDelta = 1e-4, double minimumRate = 0)
    {
        if (!(factor > 0 && factor < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The reduction factor must be in (0, 1).");
        }

        if (patience < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(patience), patience, "Patience must be at least 1 epoch.");
        }

        return new PlateauSchedule(factor, patience, CheckNonNegative(minimumDelta, nameof(minimumDelta)), CheckNonNegative(minimumRate, nameof(minimumRate)));
    }

    /// <summary>A description such as <c>inverse-time(rate=1, interval=1000)</c>, for reports and model files.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Parses <c>constant</c>, <c>inverse-time:RATE[:INTERVAL]</c>, <c>exponential:GAMMA</c>, <c>step:SIZE[:GAMMA]</c>,
    /// <c>cosine[:WARMUP[:MIN]]</c> or <c>plateau[:FACTOR[:PATIENCE]]</c> (the command line's <c>--lr-decay</c>).
    /// </summary>
    /// <exception cref="FormatException">Unknown form; the message lists the known ones.</exception>
    public static LearningRateSchedule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Trim().ToLowerInvariant().Split(':');
        double Arg(int i, double fallback) => parts.Length > i
            ? double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : throw Bad(text)
            : fallback;
        try
        {
            return parts[0] switch
            {
                "constant" or "none" when parts.Length == 1 => Constant,
                "inverse-time" when parts.Length is 2 or 3 => InverseTimeStepped(Arg(1, 0), (int)Arg(2, 1)),
                "exponential" when parts.Length == 2 => Exponential(Arg(1, 1)),
                "step" when parts.Length is 2 or 3 => Step((int)Arg(1, 1), Arg(2, 0.1)),
                "cosine" when parts.Length <= 3 => Cosine((int)Arg(1, 0), Arg(2, 0)),
                "plateau" when parts.Length <= 3 => ReduceOnPlateau(Arg(1, 0.1), (int)Arg(2, 10)),
                _ => throw Bad(text),
            };
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new FormatException($"Learning-rate schedule '{text}': {e.Message}", e);
        }
    }

    private static FormatException Bad(string text) => new(
        $"Unknown learning-rate schedule '{text}'. Known: constant, inverse-time:RATE[:INTERVAL], exponential:GAMMA, step:SIZE[:GAMMA], cosine[:WARMUP[:MIN]], plateau[:FACTOR[:PATIENCE]].");

    /// <summary>
    /// The rates this schedule sets for epochs 0 .. <paramref name="totalEpochs"/> - 1 from <paramref name="baseRate"/>,
    /// for plotting it before (or without) training. Reduce-on-plateau reacts to the losses training sees, so its preview
    /// is the rate before any reduction; the rates a run really used are in its history (<see cref="Training.EpochRecord.LearningRate"/>).
    /// </summary>
    /// <param name="baseRate">alpha0, the options' learning rate; positive and finite.</param>
    /// <param name="totalEpochs">The number of epochs; at least 1.</param>
    public IReadOnlyList<double> Preview(double baseRate, int totalEpochs)
    {
        if (!(baseRate > 0) || !double.IsFinite(baseRate))
        {
            throw new ArgumentOutOfRangeException(nameof(baseRate), baseRate, "The base rate must be positive and finite.");
        }

        if (totalEpochs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(totalEpochs), totalEpochs, "At least 1 epoch.");
        }

        var state = new ScheduleState();
        return Enumerable.Range(0, totalEpochs).Select(e => Rate(baseRate, e, totalEpochs, state)).ToArray();
    }

    /// <summary>The rate for <paramref name="epoch"/> (from 0) of <paramref name="totalEpochs"/>.</summary>
    internal abstract double Rate(double baseRate, int epoch, int totalEpochs, ScheduleState state);

    /// <summary>
    /// Why this schedule cannot do what it says with <paramref name="baseRate"/> over <paramref name="totalEpochs"/>
    /// (a cosine warm-up longer than the run; a cosine or plateau minimum rate above the base rate), or null when it
    /// can. The options' validation refuses such a pair.
    /// </summary>
    /// <param name="baseRate">alpha0, the options' learning rate.</param>
    /// <param name="totalEpochs">The number of epochs.</param>
    public virtual string? Conflict(double baseRate, int totalEpochs) => null;

    /// <summary>Lets a stateful schedule see the epoch's monitored loss (validation loss, else training loss).</summary>
    internal virtual void Observe(double monitoredLoss, ScheduleState state)
    {
    }

    private static string MinimumAboveBase(double minimumRate, double baseRate) =>
        FormattableString.Invariant($"its minimum rate {minimumRate:G6} is above the learning rate {baseRate:G6}, so the rate would rise instead of decaying; use a minimum below the learning rate");

    private static double CheckNonNegative(double value, string name) =>
        value >= 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be non-negative and finite.");

    private static double CheckFactor(double value, string name) =>
        value > 0 && value <= 1 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be in (0, 1].");

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private sealed record ConstantSchedule : LearningRateSchedule
    {
        public override string Name => "constant";

        internal override double Rate(double baseRate, int epoch, int totalEpochs, ScheduleState state) => baseRate;
    }

    private sealed record InverseTimeSchedule(double DecayRate, int Interval) : LearningRateSchedule
    {
        public override string Name => Interval == 1 ? $"inverse-time:{F(DecayRate)}" : $"inverse-time:{F(DecayRate)}:{Interval}";

        internal override double Rate(double baseRate, int epoch, int totalEpochs, ScheduleState state) =>
            baseRate / (1.0 + DecayRate * (epoch / Interval));
    }

    private sealed record ExponentialSchedule(double Gamma) : LearningRateSchedule
    {
        public override string Name => $"exponential:{F(Gamma)}";

        internal override double Rate(double baseRate, int epoch, int totalEpochs, ScheduleState state) => baseRate * Math.Pow(Gamma, epoch);
    }

    private sealed record StepSchedule(int StepSize, double Gamma) : LearningRateSchedule
    {
        public override string Name => $"step:{StepSize}:{F(Gamma)}";

        internal override double Rate(double baseRate, int epoch, int totalEpochs, ScheduleState state) => baseRate * Math.Pow(Gamma, epoch / StepSize);
    }

    private sealed record CosineSchedule(int WarmupEpochs, double MinimumRate) : LearningRateSchedule
    {
        public override string Name => $"cosine:{WarmupEpochs}:{F(MinimumRate)}";

        public override string? Conflict(double baseRate, int totalEpochs) =>
            WarmupEpochs > totalEpochs
                ? FormattableString.Invariant($"its warm-up of {WarmupEpochs} epochs is longer than the {totalEpochs} epochs of training, so the rate would never reach the learning rate; use at most {totalEpochs} warm-up epochs")
                : MinimumRate > baseRate ? MinimumAboveBase(MinimumRate, baseRate) : null;

        internal override double Rate(double baseRate, int epoch, int totalEpochs, ScheduleState state)
        {
            if (epoch < WarmupEpochs)
            {
                return baseRate * (epoch + 1) / WarmupEpochs;
            }

            // PyTorch's CosineAnnealingLR with T_max = the epochs after warm-up: the last epoch still learns (at a small
            // rate); the minimum would be reached one epoch after the end.
            int span = totalEpochs - WarmupEpochs;
            double t = span <= 0 ? 0 : Math.Min(1.0, (double)(epoch - WarmupEpochs) / span);
            return MinimumRate + (baseRate - MinimumRate) * (1 + Math.Cos(Math.PI * t)) / 2;
        }
    }

    private sealed record PlateauSchedule(double Factor, int Patience, double MinimumDelta, double MinimumRate) : LearningRateSchedule
    {
        public override string Name => $"plateau:{F(Factor)}:{Patience}";

        public override string? Conflict(double baseRate, int totalEpochs) => MinimumRate > baseRate ? MinimumAboveBase(MinimumRate, baseRate) : null;

        internal override double Rate(double baseRate, int epoch, int totalEpochs, ScheduleState state) =>
            Math.Max(MinimumRate, baseRate * state.Factor);

        internal override void Observe(double monitoredLoss, ScheduleState state)
        {
            if (monitoredLoss < state.Best - MinimumDelta)
            {
                state.Best = monitoredLoss;
                state.Wait = 0;
                return;
            }

            if (++state.Wait >= Patience)
            {
                state.Factor *= Factor;
                state.Wait = 0;
            }
        }
    }
}
