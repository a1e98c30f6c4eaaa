namespace MLNetDeep.Neural.Numerics;

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

/// <summary>
/// A block of <see cref="Count"/> floats that the element-wise kernels are written against once, for every
/// <see cref="SimdPath"/>: <see cref="Lanes512"/>, <see cref="LanesVector"/>, <see cref="Lane1"/> (the scalar tail) and
/// <see cref="Pair{TLanes}"/> (two blocks, for kernels that gain from a second register of accumulators). Every member
/// is the plain IEEE operation on each lane (no fused multiply-add unless asked for by name), so one kernel body gives
/// the same bits at every width.
/// </summary>
/// <remarks>
/// .NET's <c>ISimdVector&lt;TSelf, T&gt;</c> would serve, but <see cref="Vector512{T}"/> does not satisfy its constraint
/// publicly, hence this small one. The implementations are structs, so the JIT compiles a kernel once per width and
/// inlines these members into it: the loops are the ones written out by hand before.
/// </remarks>
/// <typeparam name="TSelf">The implementing struct.</typeparam>
internal unsafe interface IFloatLanes<TSelf>
    where TSelf : unmanaged, IFloatLanes<TSelf>
{
    /// <summary>How many floats a block holds.</summary>
    static abstract int Count { get; }

    /// <summary>All lanes +0.</summary>
    static abstract TSelf Zero { get; }

    /// <summary>All lanes <paramref name="value"/>.</summary>
    static abstract TSelf Create(float value);

    /// <summary>The <see cref="Count"/> floats at <paramref name="source"/> (any alignment).</summary>
    static abstract TSelf Load(float* source);

    /// <summary>Lane-wise sum.</summary>
    static abstract TSelf operator +(TSelf left, TSelf right);

    /// <summary>Lane-wise difference.</summary>
    static abstract TSelf operator -(TSelf left, TSelf right);

    /// <summary>Lane-wise product.</summary>
    static abstract TSelf operator *(TSelf left, TSelf right);

    /// <summary>Lane-wise quotient.</summary>
    static abstract TSelf operator /(TSelf left, TSelf right);

    /// <summary>Lane-wise square root.</summary>
    static abstract TSelf Sqrt(TSelf value);

    /// <summary>Lane-wise <c>a * b + addend</c> rounded once: only for the GEMM's few-rows path, which matches the FMA micro-kernels.</summary>
    static abstract TSelf FusedMultiplyAdd(TSelf a, TSelf b, TSelf addend);

    /// <summary>Per lane: <paramref name="ifPositive"/> where <paramref name="test"/> &gt; 0, else <paramref name="otherwise"/> (NaN is not positive).</summary>
    static abstract TSelf SelectWherePositive(TSelf test, TSelf ifPositive, TSelf otherwise);

    /// <summary>Writes the <see cref="Count"/> floats at <paramref name="destination"/> (any alignment).</summary>
    void Store(float* destination);
}

/// <summary>
/// A kernel body over a range, written once for every lane width: <see cref="Simd.Run"/> calls it with the widest
/// block the path allows, then with narrower ones for what is left.
/// </summary>
internal interface ISimdKernel
{
    /// <summary>
    /// Processes whole blocks of <typeparamref name="TLanes"/> from <paramref name="start"/> while one fits before
    /// <paramref name="end"/>; returns where it stopped. Native-sized, so pointer offsets need no sign extension.
    /// </summary>
    /// <typeparam name="TLanes">The block.</typeparam>
    nint Run<TLanes>(nint start, nint end)
        where TLanes : unmanaged, IFloatLanes<TLanes>;
}

/// <summary>Sixteen lanes: <see cref="Vector512{T}"/>.</summary>
internal readonly unsafe struct Lanes512(Vector512<float> value) : IFloatLanes<Lanes512>
{
    private readonly Vector512<float> _value = value;

    public static int Count => Vector512<float>.Count;

    public static Lanes512 Zero => new(Vector512<float>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Create(float value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Load(float* source) => new(Vector512.Load(source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 operator +(Lanes512 left, Lanes512 right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 operator -(Lanes512 left, Lanes512 right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 operator *(Lanes512 left, Lanes512 right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 operator /(Lanes512 left, Lanes512 right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Sqrt(Lanes512 value) => new(Vector512.Sqrt(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 FusedMultiplyAdd(Lanes512 a, Lanes512 b, Lanes512 addend) => new(Vector512.FusedMultiplyAdd(a._value, b._value, addend._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 SelectWherePositive(Lanes512 test, Lanes512 ifPositive, Lanes512 otherwise) =>
        new(Vector512.ConditionalSelect(Vector512.GreaterThan(test._value, Vector512<float>.Zero), ifPositive._value, otherwise._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(float* destination) => _value.Store(destination);
}

/// <summary><see cref="Vector{T}"/>'s lanes: 8 on x64 with AVX2 (also with AVX-512: .NET keeps it 256-bit), 4 on Arm64.</summary>
internal readonly unsafe struct LanesVector(Vector<float> value) : IFloatLanes<LanesVector>
{
    private readonly Vector<float> _value = value;

    public static int Count => Vector<float>.Count;

    public static LanesVector Zero => new(Vector<float>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static LanesVector Create(float value) => new(new Vector<float>(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static LanesVector Load(float* source) => new(Vector.Load(source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static LanesVector operator +(LanesVector left, LanesVector right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static LanesVector operator -(LanesVector left, LanesVector right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static LanesVector operator *(LanesVector left, LanesVector right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static LanesVector operator /(LanesVector left, LanesVector right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static LanesVector Sqrt(LanesVector value) => new(Vector.SquareRoot(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static LanesVector FusedMultiplyAdd(LanesVector a, LanesVector b, LanesVector addend) => new(Vector.FusedMultiplyAdd(a._value, b._value, addend._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static LanesVector SelectWherePositive(LanesVector test, LanesVector ifPositive, LanesVector otherwise) =>
        new(Vector.ConditionalSelect(Vector.GreaterThan(test._value, Vector<float>.Zero), ifPositive._value, otherwise._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(float* destination) => _value.Store(destination);
}

/// <summary>One lane: a plain float, so the scalar tail (and the Scalar path) is the same kernel body.</summary>
internal readonly unsafe struct Lane1(float value) : IFloatLanes<Lane1>
{
    private readonly float _value = value;

    public static int Count => 1;

    public static Lane1 Zero => new(0f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 Create(float value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 Load(float* source) => new(*source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 operator +(Lane1 left, Lane1 right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 operator -(Lane1 left, Lane1 right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 operator *(Lane1 left, Lane1 right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 operator /(Lane1 left, Lane1 right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 Sqrt(Lane1 value) => new(MathF.Sqrt(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 FusedMultiplyAdd(Lane1 a, Lane1 b, Lane1 addend) => new(MathF.FusedMultiplyAdd(a._value, b._value, addend._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 SelectWherePositive(Lane1 test, Lane1 ifPositive, Lane1 otherwise) => test._value > 0f ? ifPositive : otherwise;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(float* destination) => *destination = _value;
}

/// <summary>Two blocks side by side, each lane's operations unchanged: a kernel run on it is the same kernel unrolled twice.</summary>
/// <typeparam name="TLanes">The block doubled.</typeparam>
internal readonly unsafe struct Pair<TLanes>(TLanes low, TLanes high) : IFloatLanes<Pair<TLanes>>
    where TLanes : unmanaged, IFloatLanes<TLanes>
{
    private readonly TLanes _low = low;
    private readonly TLanes _high = high;

    public static int Count => 2 * TLanes.Count;

    public static Pair<TLanes> Zero => new(TLanes.Zero, TLanes.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Pair<TLanes> Create(float value) => new(TLanes.Create(value), TLanes.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Pair<TLanes> Load(float* source) => new(TLanes.Load(source), TLanes.Load(source + TLanes.Count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Pair<TLanes> operator +(Pair<TLanes> left, Pair<TLanes> right) => new(left._low + right._low, left._high + right._high);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Pair<TLanes> operator -(Pair<TLanes> left, Pair<TLanes> right) => new(left._low - right._low, left._high - right._high);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Pair<TLanes> operator *(Pair<TLanes> left, Pair<TLanes> right) => new(left._low * right._low, left._high * right._high);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Pair<TLanes> operator /(Pair<TLanes> left, Pair<TLanes> right) => new(left._low / right._low, left._high / right._high);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Pair<TLanes> Sqrt(Pair<TLanes> value) => new(TLanes.Sqrt(value._low), TLanes.Sqrt(value._high));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Pair<TLanes> FusedMultiplyAdd(Pair<TLanes> a, Pair<TLanes> b, Pair<TLanes> addend) =>
        new(TLanes.FusedMultiplyAdd(a._low, b._low, addend._low), TLanes.FusedMultiplyAdd(a._high, b._high, addend._high));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Pair<TLanes> SelectWherePositive(Pair<TLanes> test, Pair<TLanes> ifPositive, Pair<TLanes> otherwise) =>
        new(TLanes.SelectWherePositive(test._low, ifPositive._low, otherwise._low), TLanes.SelectWherePositive(test._high, ifPositive._high, otherwise._high));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(float* destination)
    {
        _low.Store(destination);
        _high.Store(destination + TLanes.Count);
    }
}
