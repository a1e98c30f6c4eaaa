using System.Runtime.ExceptionServices;

namespace MLNetDeep.Neural.Numerics;

/// <summary>
/// A small set of long-lived background threads that run the parts of one job alongside the calling thread: the slabs
/// of a GEMM (<see cref="GemmJob"/>) or the row/element ranges of an element-wise kernel (Adam, dropout, batch norm,
/// the mini-batch gather). Lighter than <c>Parallel.For</c> and allocation-free per call: the caller passes a
/// function pointer and a pointer to its job struct (on its stack; the call returns only when every part is done),
/// worker w runs part w+1 and the caller runs part 0.
/// </summary>
/// <remarks>
/// One job at a time: a call that finds the workers busy (another thread is computing) returns false from
/// <see cref="TryRun"/>, and <see cref="Run"/> then runs the parts one after another on the calling thread. Callers
/// split work so that every part's result is independent of how many parts there are (element-wise, or slabs whose
/// boundaries depend on the shape only), which keeps results bit-identical whatever the thread count.
/// </remarks>
internal static unsafe class Workers
{
    private static readonly Lock s_gate = new();
    private static readonly CountdownEvent s_done = new(1);
    private static ManualResetEventSlim[] s_start = [];
    private static delegate*<void*, int, void> s_run;
    private static void* s_state;
    private static Exception? s_error;

    /// <summary>
    /// Runs <paramref name="run"/>(<paramref name="state"/>, part) for every part in [0, <paramref name="parts"/>)
    /// (at least 2), part 0 on the calling thread, and returns true; or returns false at once, running nothing, when
    /// the workers are busy with another caller's job.
    /// </summary>
    public static bool TryRun(delegate*<void*, int, void> run, void* state, int parts)
    {
        if (!s_gate.TryEnter())
        {
            return false;
        }

        try
        {
            int workers = parts - 1;
            EnsureWorkers(workers);
            s_run = run;
            s_state = state;
            s_error = null;
            s_done.Reset(workers);
            for (int w = 0; w < workers; w++)
            {
                s_start[w].Set();
            }

            Exception? own = null;
            try
            {
                run(state, 0);
            }
            catch (Exception e)
            {
                own = e;
            }

            s_done.Wait();
            if ((own ?? s_error) is { } error)
            {
                ExceptionDispatchInfo.Throw(error);
            }

            return true;
        }
        finally
        {
            s_gate.Exit();
        }
    }

    /// <summary>
    /// Runs every part of the job: on the workers when <paramref name="parts"/> &gt; 1 and they are free, otherwise
    /// part after part on the calling thread.
    /// </summary>
    public static void Run(delegate*<void*, int, void> run, void* state, int parts)
    {
        if (parts > 1 && TryRun(run, state, parts))
        {
            return;
        }

        for (int part = 0; part < parts; part++)
        {
            run(state, part);
        }
    }

    /// <summary>How many parts to split <paramref name="length"/> elements into for <paramref name="threads"/> threads:
    /// one per thread (capped by the machine's cores) when each part gets at least <paramref name="minimumPerPart"/>.</summary>
    public static int Parts(long length, int threads, long minimumPerPart)
    {
        long byLength = length / Math.Max(1, minimumPerPart);
        return (int)Math.Max(1, Math.Min(Math.Min(threads, Environment.ProcessorCount), byLength));
    }

    /// <summary>Part <paramref name="part"/> of [0, <paramref name="length"/>) split into <paramref name="parts"/>
    /// contiguous ranges whose boundaries are multiples of <paramref name="align"/> (except the end).</summary>
    public static (int Start, int Length) Range(int length, int parts, int part, int align = 16)
    {
        int per = (int)((((long)length + parts - 1) / parts + align - 1) / align * align);
        int start = Math.Min(length, part * per);
        return (start, Math.Min(length, start + per) - start);
    }

    private static void EnsureWorkers(int count)
    {
        if (s_start.Length >= count)
        {
            return;
        }

        var start = new ManualResetEventSlim[count];
        Array.Copy(s_start, start, s_start.Length);
        for (int w = s_start.Length; w < count; w++)
        {
            start[w] = new ManualResetEventSlim(false, spinCount: 200);
            var thread = new Thread(WorkerLoop) { IsBackground = true, Name = $"MLNetDeep worker {w + 1}" };
            thread.Start((w, start[w]));
        }

        s_start = start;
    }

    private static void WorkerLoop(object? state)
    {
        (int w, ManualResetEventSlim start) = ((int, ManualResetEventSlim))state!;
        while (true)
        {
            start.Wait();
            start.Reset();
            try
            {
                s_run(s_state, w + 1);
            }
            catch (Exception e)
            {
                s_error = e;
            }
            finally
            {
                s_done.Signal();
            }
        }
    }
}
