namespace MLNetDeep.Neural.Numerics;

/// <summary>
/// One managed GEMM problem as raw pointers and strides, shared by the calling thread and the workers while the
/// caller keeps the spans pinned: <c>C = alpha * op(A) * op(B) + beta * C</c>.
/// </summary>
/// <remarks>
/// <c>op(A)(i, p) = A[i * ARowStride + p * AColStride]</c>, <c>op(B)(p, j) = B[p * BRowStride + j * BColStride]</c>,
/// <c>C(i, j) = C[i * Ldc + j]</c>. The transposes are folded into the strides. C is split into <see cref="Parts"/>
/// slabs of whole micro-tiles, along the columns when <see cref="SplitColumns"/>, else along the rows; k is never split.
/// </remarks>
internal unsafe struct GemmJob
{
    public float* A;
    public nint ARowStride;
    public nint AColStride;
    public float* B;
    public nint BRowStride;
    public nint BColStride;
    public float* C;
    public nint Ldc;
    public int M;
    public int N;
    public int K;
    public float Alpha;
    public float Beta;
    public GemmKernelKind Kernel;

    /// <summary>Rows of the kernel's micro-tile (the height of a packed A panel).</summary>
    public int Mr;

    /// <summary>Columns of the kernel's micro-tile (the width of a packed B panel).</summary>
    public int Nr;
    public int Parts;
    public bool SplitColumns;

    /// <summary>Computes one part of the job (<see cref="ManagedGemm.RunPart"/> or <see cref="OpenBlasGemm.RunPart"/>).</summary>
    public delegate*<in GemmJob, int, void> RunPart;

    /// <summary>OpenBLAS only: whether A and B are stored transposed, for cblas_sgemm.</summary>
    public bool TransposeA;

    /// <summary>OpenBLAS only: see <see cref="TransposeA"/>.</summary>
    public bool TransposeB;

    /// <summary>The <see cref="Workers"/> entry: runs part <paramref name="part"/> of the job at <paramref name="job"/>.</summary>
    public static void Run(void* job, int part)
    {
        ref GemmJob j = ref *(GemmJob*)job;
        j.RunPart(in j, part);
    }
}
