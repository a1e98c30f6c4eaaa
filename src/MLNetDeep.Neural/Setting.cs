namespace MLNetDeep.Neural;

/// <summary>The check of one setting shared by the engine's options, so that every refusal names the setting and its value the same way.</summary>
internal static class Setting
{
    /// <summary>
    /// Throws an <see cref="ArgumentException"/> "<c>NAME is VALUE; it must be RULE.</c>" (for the argument
    /// <paramref name="parameter"/>, default <paramref name="name"/>) unless <paramref name="valid"/>.
    /// </summary>
    public static void Require(bool valid, string name, object? value, string rule, string? parameter = null)
    {
        if (!valid)
        {
            throw new ArgumentException($"{name} is {value}; it must be {rule}.", parameter ?? name);
        }
    }
}
