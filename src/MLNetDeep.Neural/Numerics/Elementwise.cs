namespace MLNetDeep.Neural.Numerics;

/// <summary>
/// Runs an element-wise kernel over up to three equally long arrays, split into contiguous ranges over the
/// <see cref="Workers"/> when the arrays are long enough. Every element's result depends on that element alone, so the
/// bits are the same whatever the split (and the thread count).
/// </summary>
internal static unsafe class Elementwise
{
    /// <summary>Below this many elements per part an operation runs on the calling thread only.</summary>
    public const int MinimumPerPart = 8192;

    /// <summary>
    /// Calls <paramref name="op"/>(a + s, b + s, c + s, n) over ranges [s, s + n) covering [0, <paramref name="length"/>)
    /// (16-aligned starts), on up to <paramref name="threads"/> threads. <paramref name="b"/> may be null when the
    /// operation has no second input.
    /// </summary>
    public static void Run(delegate*<float*, float*, float*, int, void> op, float* a, float* b, float* c, int length, int threads)
    {
        var job = new Job { Op = op, A = a, B = b, C = c, Length = length, Parts = Workers.Parts(length, threads, MinimumPerPart) };
        Workers.Run(&Job.Run, &job, job.Parts, threads);
    }

    private struct Job
    {
        public delegate*<float*, float*, float*, int, void> Op;
        public float* A;
        public float* B;
        public float* C;
        public int Length;
        public int Parts;

        public static void Run(void* state, int part)
        {
            ref Job j = ref *(Job*)state;
            (int start, int length) = Workers.Range(j.Length, j.Parts, part);
            if (length > 0)
            {
                j.Op(j.A + start, j.B == null ? null : j.B + start, j.C + start, length);
            }
        }
    }
}
