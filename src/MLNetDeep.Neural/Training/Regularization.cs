namespace MLNetDeep.Neural.Training;

using System.Numerics.Tensors;
using MLNetDeep.Neural.Layers;

/// <summary>The cost terms that do not come from the loss: L2 and gradient clipping, shared by training and gradient checking.</summary>
internal static class Regularization
{
    /// <summary>
    /// The course's L2 cost <c>lambda / (2m) * sum W^2</c> over regularized parameters (weights only). Training sums
    /// squares in float blocks (<see cref="SumOfSquares"/>); gradient checking asks for <paramref name="exact"/> sums in
    /// double, since float rounding of a large L2 term, divided by 2 epsilon, would otherwise pass for a gradient error.
    /// </summary>
    public static double L2(IReadOnlyList<Parameter> parameters, float lambda, int m, bool exact = false)
    {
        if (lambda == 0f)
        {
            return 0;
        }

        double sum = 0;
        for (int i = 0; i < parameters.Count; i++) // indexed: foreach over the interface would allocate an enumerator per batch
        {
            Parameter p = parameters[i];
            if (!p.Regularized)
            {
                continue;
            }

            if (exact)
            {
                foreach (float w in p.Value)
                {
                    sum += (double)w * w;
                }
            }
            else
            {
                sum += SumOfSquares(p.Value);
            }
        }

        return lambda / (2.0 * m) * sum;
    }

    /// <summary>Adds the L2 cost's gradient <c>lambda / m * W</c> into each regularized parameter's gradient (after the backward pass).</summary>
    public static void AddL2Gradient(IReadOnlyList<Parameter> parameters, float lambda, int m)
    {
        if (lambda == 0f)
        {
            return;
        }

        float scale = lambda / m;
        for (int i = 0; i < parameters.Count; i++) // indexed: foreach over the interface would allocate an enumerator per batch
        {
            Parameter p = parameters[i];
            if (p.Regularized)
            {
                TensorPrimitives.MultiplyAdd(p.Value, scale, p.Gradient, p.Gradient);
            }
        }
    }

    /// <summary>The global L2 norm of all gradients, accumulated in double.</summary>
    public static double GradientNorm(IReadOnlyList<Parameter> parameters)
    {
        double sum = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            sum += SumOfSquares(parameters[i].Gradient);
        }

        return Math.Sqrt(sum);
    }

    /// <summary>Scales every gradient by <c>maxNorm / norm</c> when <paramref name="norm"/> exceeds <paramref name="maxNorm"/> (PyTorch's clip_grad_norm_).</summary>
    public static void ClipGradients(IReadOnlyList<Parameter> parameters, double norm, float maxNorm)
    {
        if (norm <= maxNorm)
        {
            return;
        }

        float factor = (float)(maxNorm / (norm + 1e-6));
        for (int i = 0; i < parameters.Count; i++)
        {
            TensorPrimitives.Multiply(parameters[i].Gradient, factor, parameters[i].Gradient);
        }
    }

    /// <summary>Sum of squares in double, in a fixed order (deterministic), with float blocks of 256 for speed.</summary>
    public static double SumOfSquares(ReadOnlySpan<float> values)
    {
        double sum = 0;
        for (int i = 0; i < values.Length; i += 256)
        {
            ReadOnlySpan<float> block = values.Slice(i, Math.Min(256, values.Length - i));
            sum += TensorPrimitives.Dot(block, block);
        }

        return sum;
    }
}
