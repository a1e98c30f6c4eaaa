namespace MLNetDeep.Neural.Training;

/// <summary>One parameter component compared by <see cref="GradientChecker"/>.</summary>
/// <param name="Layer">The layer's index in the network.</param>
/// <param name="LayerName">The layer's display name.</param>
/// <param name="Parameter">The parameter's name (<c>W</c>, <c>b</c>, <c>gamma</c>, <c>beta</c>).</param>
/// <param name="Index">The component's flat index in the parameter (row-major).</param>
/// <param name="Analytic">The back-propagated gradient g.</param>
/// <param name="Numeric">The numerical gradient g~: centered differences with steps epsilon and 2 epsilon, Richardson-extrapolated (<see cref="GradientChecker"/>).</param>
/// <param name="Passed">Whether the component is within tolerance.</param>
public sealed record GradientComponent(int Layer, string LayerName, string Parameter, int Index, double Analytic, double Numeric, bool Passed)
{
    /// <summary>
    /// Whether perturbing the component moved a ReLU (or leaky ReLU) input across 0, a kink of the cost where the
    /// centered difference is no estimate of the derivative: such a component is left out of the check. Default false.
    /// </summary>
    public bool CrossedKink { get; init; }

    /// <summary>
    /// How much the centered differences with steps epsilon and 2 epsilon disagree, at least the median disagreement over
    /// the component's tensor (its float32 noise level): the uncertainty of <see cref="Numeric"/>, of which
    /// <see cref="GradientChecker.UncertaintyFactor"/> times widens the component's tolerance (the median alone when
    /// only one step was taken, the other having crossed a kink). Default 0.
    /// </summary>
    public double Uncertainty { get; init; }

    /// <summary>The course's relative difference for this one component: <c>|g - g~| / (|g| + |g~|)</c> (0 when both are 0).</summary>
    public double RelativeError => Analytic == 0 && Numeric == 0 ? 0 : Math.Abs(Analytic - Numeric) / (Math.Abs(Analytic) + Math.Abs(Numeric));
}

/// <summary>The course's difference restricted to one parameter tensor of one layer.</summary>
/// <param name="Layer">The layer's index in the network.</param>
/// <param name="LayerName">The layer's display name.</param>
/// <param name="Parameter">The parameter's name.</param>
/// <param name="Checked">How many components were compared (those whose perturbation crossed a kink are not).</param>
/// <param name="Difference"><c>||g - g~|| / (||g|| + ||g~||)</c> over those components.</param>
public sealed record ParameterGradientCheck(int Layer, string LayerName, string Parameter, int Checked, double Difference);

/// <summary>The result of a gradient check.</summary>
/// <param name="Difference">The course's <c>||g - g~|| / (||g|| + ||g~||)</c> over every checked component.</param>
/// <param name="Passed">
/// True when <see cref="Difference"/> is below the threshold, every compared component is within tolerance, and every
/// parameter tensor had a component compared (when each one sampled from a tensor crossed a kink, nothing speaks for
/// that tensor: check fewer rows, or with a smaller epsilon).
/// </param>
/// <param name="Checked">How many components were compared (those whose perturbation crossed a kink are not).</param>
/// <param name="Parameters">The difference per parameter tensor, layer by layer.</param>
/// <param name="Worst">The compared components with the largest error relative to their tolerance, worst first.</param>
public sealed record GradientCheckReport(double Difference, bool Passed, int Checked, IReadOnlyList<ParameterGradientCheck> Parameters, IReadOnlyList<GradientComponent> Worst)
{
    /// <summary>How many sampled components were left out because their perturbation crossed a ReLU kink. Default 0.</summary>
    public int CrossedKinks { get; init; }
}
