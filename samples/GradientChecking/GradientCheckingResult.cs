namespace MLNetDeep.Samples.GradientChecking;

using System.Text.Json.Nodes;
using MLNetDeep.Neural.Training;

/// <summary>The outcome of the gradient-checking experiment.</summary>
/// <param name="Correct">The check of the correct network.</param>
/// <param name="Broken">The check of the same network with one weight-gradient component 1% off.</param>
/// <param name="BrokenLayer">The index in the network of the broken layer.</param>
/// <param name="BrokenComponent">The flat index in that layer's W whose gradient is wrong.</param>
/// <param name="BrokenGradient">The correct back-propagated (loss-only) gradient of that component: the largest |g| in that W.</param>
public sealed record GradientCheckingResult(GradientCheckReport Correct, GradientCheckReport Broken, int BrokenLayer, int BrokenComponent, double BrokenGradient)
{
    /// <summary>True when the correct network passed and the broken one failed: gradient checking did its job.</summary>
    public bool Passed => Correct.Passed && !Broken.Passed;

    /// <summary>The JSON the sample prints with <c>--json</c>: <c>{"difference", "brokenDifference", "passed"}</c>.</summary>
    public string ToJson() => new JsonObject
    {
        ["difference"] = Correct.Difference,
        ["brokenDifference"] = Broken.Difference,
        ["passed"] = Passed,
    }.ToJsonString();
}
