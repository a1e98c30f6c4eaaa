using System.Diagnostics;
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
/// <para>One job at a time: a call that finds the workers busy (another thread is computing) returns false from
/// <see cref="TryRun"/>, and <see cref="Run"/> then runs the parts one after another on the calling thread. Callers
/// split work so that every part's result is independent of how many parts there are (element-wise, or slabs whose
/// boundaries depend on the shape only), which keeps results bit-identical whatever the thread count.</para>
/// <para>Hand-offs spin before they sleep, as OpenMP runtimes and OpenBLAS do: a training step hands about fifteen
/// jobs to the workers, tens of microseconds apart, and waking a sleeping thread costs more than many of those jobs
/// (a futex wake-up is several microseconds, more in a virtual machine). A worker that finished a job spins on the job
/// counter for up to <see cref="SpinTime"/> before it blocks; the caller spins on the parts left for as long before it
/// blocks. Outside a burst of jobs the workers sleep.</para>
/// </remarks>
internal static unsafe class Workers
{
    /// <summary>How long an idle worker (or a caller waiting for the last part) spins before it blocks.</summary>
    public static readonly TimeSpan SpinTime = TimeSpan.FromMilliseconds(2);

    private static readonly long s_spinTicks = (long)(SpinTime.TotalSeconds * Stopwatch.Frequency);
    private static readonly Lock s_gate = new();
    private static readonly object s_doneLock = new(); // Monitor.Wait/PulseAll on it: no allocation (a ManualResetEventSlim allocates its lock on the first blocking wait)
    private static Worker[] s_workers = [];
    private static delegate*<void*, int, void> s_run;
    private static void* s_state;
    private static Exception? s_error;
    private static int s_generation;
    private static int s_activeWorkers;
    private static int s_pending;
    private static int s_callerSleeping;

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
            s_activeWorkers = workers;
            s_pending = workers;
            Interlocked.Increment(ref s_generation); // publishes the job (a full fence)
            for (int w = 0; w < workers; w++)
            {
                s_workers[w].WakeIfSleeping();
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

            WaitForWorkers();
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

    /// <summary>Spins until every worker's part is done, then blocks (the last worker wakes the caller).</summary>
    private static void WaitForWorkers()
    {
        long deadline = Stopwatch.GetTimestamp() + s_spinTicks;
        var spinner = default(SpinWait);
        while (Volatile.Read(ref s_pending) > 0)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                lock (s_doneLock)
                {
                    Volatile.Write(ref s_callerSleeping, 1);
                    Interlocked.MemoryBarrier();
                    while (Volatile.Read(ref s_pending) > 0)
                    {
                        Monitor.Wait(s_doneLock);
                    }

                    Volatile.Write(ref s_callerSleeping, 0);
                }

                break;
            }

            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    private static void EnsureWorkers(int count)
    {
        if (s_workers.Length >= count)
        {
            return;
        }

        var workers = new Worker[count];
        Array.Copy(s_workers, workers, s_workers.Length);
        int generation = Volatile.Read(ref s_generation);
        for (int w = s_workers.Length; w < count; w++)
        {
            workers[w] = new Worker(w, generation);
        }

        s_workers = workers;
    }

    /// <summary>One background thread: waits for a new job generation (spinning, then sleeping), runs its part.</summary>
    private sealed class Worker
    {
        private readonly int _index;
        private readonly object _wakeLock = new();
        private int _seen;
        private int _sleeping;

        public Worker(int index, int generation)
        {
            _index = index;
            _seen = generation;
            var thread = new Thread(Loop) { IsBackground = true, Name = $"MLNetDeep worker {index + 1}" };
            thread.Start();
        }

        /// <summary>Called by the caller after publishing a job.</summary>
        public void WakeIfSleeping()
        {
            if (Volatile.Read(ref _sleeping) != 0)
            {
                lock (_wakeLock)
                {
                    Monitor.PulseAll(_wakeLock);
                }
            }
        }

        private void Loop()
        {
            while (true)
            {
                int generation = WaitForJob();
                int active = Volatile.Read(ref s_activeWorkers);
                if (Volatile.Read(ref s_generation) != generation)
                {
                    // A job this worker had no part in ended and the next began while it looked: read that one afresh.
                    // (A job it has a part in cannot end without it, so the pair read above is consistent otherwise.)
                    continue;
                }

                _seen = generation;
                if (_index < active)
                {
                    try
                    {
                        s_run(s_state, _index + 1);
                    }
                    catch (Exception e)
                    {
                        s_error = e;
                    }
                    finally
                    {
                        if (Interlocked.Decrement(ref s_pending) == 0 && Volatile.Read(ref s_callerSleeping) != 0)
                        {
                            lock (s_doneLock)
                            {
                                Monitor.PulseAll(s_doneLock);
                            }
                        }
                    }
                }
            }
        }

        /// <summary>Returns the first job generation other than the last one handled, spinning and then sleeping.</summary>
        private int WaitForJob()
        {
            long deadline = Stopwatch.GetTimestamp() + s_spinTicks;
            var spinner = default(SpinWait);
            int generation;
            while ((generation = Volatile.Read(ref s_generation)) == _seen)
            {
                if (Stopwatch.GetTimestamp() <= deadline)
                {
                    spinner.SpinOnce(sleep1Threshold: -1);
                    continue;
                }

                lock (_wakeLock)
                {
                    Volatile.Write(ref _sleeping, 1);
                    Interlocked.MemoryBarrier();
                    while (Volatile.Read(ref s_generation) == _seen)
                    {
                        Monitor.Wait(_wakeLock);
                    }

                    Volatile.Write(ref _sleeping, 0);
                }

                deadline = Stopwatch.GetTimestamp() + s_spinTicks;
            }

            return generation;
        }
    }
}
