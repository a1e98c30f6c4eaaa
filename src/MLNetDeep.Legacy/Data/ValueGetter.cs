namespace MLNetDeep.Legacy.Data;

/// <summary>
/// Reads the current row's value of one column into <paramref name="value"/> (ML.NET's delegate). For a vector the
/// getter reuses the array passed in when it has the right length, so a loop over rows allocates nothing.
/// </summary>
public delegate void ValueGetter<TValue>(ref TValue value);
