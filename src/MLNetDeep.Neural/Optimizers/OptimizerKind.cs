namespace MLNetDeep.Neural.Optimizers;

/// <summary>The update rule.</summary>
public enum OptimizerKind
{
    /// <summary>Gradient descent: <c>w -= alpha * g</c>.</summary>
    GradientDescent = 0,

    /// <summary>The course's momentum: <c>v = beta v + (1 - beta) g; w -= alpha v</c> (optionally Nesterov).</summary>
    Momentum = 1,

    /// <summary>RMSprop: <c>s = beta s + (1 - beta) g^2; w -= alpha g / (sqrt(s) + eps)</c>.</summary>
    RmsProp = 2,

    /// <summary>Adam (Kingma and Ba), bias-corrected. The default.</summary>
    Adam = 3,

    /// <summary>Adam with decoupled weight decay (Loshchilov and Hutter); weight decay defaults to 0.01 (PyTorch).</summary>
    AdamW = 4,
}
