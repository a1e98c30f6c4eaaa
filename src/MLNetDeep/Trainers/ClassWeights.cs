namespace MLNetDeep.Trainers;

using System.Globalization;

/// <summary>
/// How much each class of a classifier's label weighs in the training loss (Keras's <c>class_weight</c>, scikit-learn's
/// <c>class_weight</c>): <see cref="Balanced"/>, or <see cref="Of"/> one weight per class in the label's class order
/// (binary: false/negative, then true/positive; multiclass: the key order). Text form (<see cref="Parse"/>,
/// <see cref="ToString"/>): <c>balanced</c> or <c>1,19</c>.
/// </summary>
public sealed class ClassWeights
{
    private readonly float[]? _weights;

    private ClassWeights(float[]? weights) => _weights = weights;

    /// <summary>
    /// scikit-learn's <c>balanced</c>: class c weighs n / (k * n_c), n the training rows that have a label (counted before
    /// <c>ValidationFraction</c> holds rows out), n_c those of class c and k the classes among them.
    /// </summary>
    public static ClassWeights Balanced { get; } = new(null);

    /// <summary>The explicit weights, one per class in the label's class order; null for <see cref="Balanced"/>.</summary>
    public IReadOnlyList<float>? Weights => _weights;

    /// <summary>Explicit weights, one per class in the label's class order (Fit refuses another count, naming the classes).</summary>
    /// <param name="weights">Non-negative and finite, not all 0; at least 2.</param>
    /// <exception cref="ArgumentException">Fewer than 2 weights, a negative or non-finite one, or all 0; the message names the value.</exception>
    public static ClassWeights Of(params float[] weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        string text = string.Join(",", weights.Select(w => w.ToString("R", CultureInfo.InvariantCulture)));
        if (weights.Length < 2 || !weights.All(w => w >= 0f && float.IsFinite(w)) || !weights.Any(w => w > 0f))
        {
            throw new ArgumentException($"class weights '{text}': give one non-negative, finite weight per class (at least 2), not all 0, or balanced.", nameof(weights));
        }

        return new([.. weights]);
    }

    /// <summary>Reads <c>balanced</c> (any case) or comma-separated weights such as <c>1,19</c>.</summary>
    /// <exception cref="FormatException">A weight is not a number; the message names it.</exception>
    /// <exception cref="ArgumentException">The weights are not valid (<see cref="Of"/>).</exception>
    public static ClassWeights Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Trim().Equals("balanced", StringComparison.OrdinalIgnoreCase) ? Balanced
            : Of([.. text.Split(',').Select(p => float.TryParse(p.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out float w) ? w
                : throw new FormatException($"'{p.Trim()}' is not a number; give balanced, or one weight per class separated by commas (1,19)."))]);
    }

    /// <summary><c>balanced</c>, or the weights separated by commas (<c>1,19</c>), as <see cref="Parse"/> reads them.</summary>
    public override string ToString() => _weights is null ? "balanced" : string.Join(",", _weights.Select(w => w.ToString("R", CultureInfo.InvariantCulture)));

    /// <summary>
    /// The weight of each of <paramref name="classNames"/> for training rows of classes <paramref name="targets"/> (class
    /// indices); an explicit list of another length is refused, naming both counts and the classes.
    /// </summary>
    internal float[] For(float[] targets, IReadOnlyList<string> classNames, string labelColumn)
    {
        if (_weights is not null)
        {
            return _weights.Length == classNames.Count ? _weights
                : throw new ArgumentException($"ClassWeights {this} has {_weights.Length} weights, but the label column '{labelColumn}' has {classNames.Count} classes "
                    + $"({string.Join(", ", classNames)}); give one weight per class, in that order.", nameof(ClassWeights));
        }

        var counts = new long[classNames.Count];
        foreach (float c in targets)
        {
            counts[(int)c]++;
        }

        int present = counts.Count(n => n > 0);
        return [.. counts.Select(n => n == 0 ? 1f : (float)(targets.Length / ((double)present * n)))];
    }
}
