using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace MLNetDeep.Neural.Numerics;

/// <summary>
/// A small set of long-lived background threads that run the parts of one job alongside the calling thread: the slabs
/// of a GEMM (<see cref="GemmJob"/>) or the row/element ranges of an element-wise kernel (Adam, dropout, batch norm,
/// the mini-batch gather, the loss). Lighter than <c>Parallel.For</c> and allocation-free per call: the caller passes
/// a function pointer and a pointer to its job struct (on its stack; the call returns only when every part is done).
/// </summary>
/// <remarks>
/// <para>One job at a time: a call that finds the workers busy (another thread is computing) returns false from
/// <see cref="TryRun"/>, and <see cref="Run"/> then runs the parts one after another on the calling thread. Callers
/// split work so that every part's result is independent of which thread runs it and of how many parts there are
/// (element-wise, or slabs whose boundaries depend on the shape only), which keeps results bit-identical whatever the
/// thread count.</para>
/// <para>Parts are claimed, not assigned: the caller and the workers take the next unclaimed part from a shared counter
/// until none is left. Normally each takes one; when a worker is late (descheduled on a machine shared with other
/// work), the caller runs its part too instead of waiting for it.</para>
/// <para>Hand-offs spin before they sleep, as OpenMP runtimes and OpenBLAS do: a training step hands about fifteen
/// jobs to the workers, tens of microseconds apart, and waking a sleeping thread costs more than many of those jobs
/// (a futex wake-up is several microseconds, more in a virtual machine). A worker that finished a job spins on the job
/// counter for up to <see cref="SpinTime"/> before it blocks; the caller spins on the parts left for as long before it
/// blocks. Outside a burst of jobs the workers sleep. Blocking uses <see cref="Monitor"/>, which allocates nothing.</para>
/// </remarks>
internal static unsafe class Workers
{
    /// <summary>How long an idle worker (or a caller waiting for the last part) spins before it blocks.</summary>
    public static readonly TimeSpan SpinTime = TimeSpan.FromMilliseconds(2);

    private static readonly long s_spinTicks = (long)(SpinTime.TotalSeconds * Stopwatch.Frequency);
    private static readonly Lock s_gate = new();
    private static readonly object s_doneLock = new();
    private static Worker[] s_workers = [];
    private static delegate*<void*, int, void> s_run;
    private static void* s_state;
    private static Exception? s_error;
    private static int s_generation;
    private static long s_claim; // (parts << 32) | mask of the claimed parts: one word, so a claim and its job's part count agree
    private static int s_completed;
    private static int s_activeWorkers;
    private static int s_callerSleeping;

    /// <summary>Jobs are cut into this many parts per thread (when long enough), so that the threads balance out when one runs slower.</summary>
    public const int PartsPerThread = 2;

    /// <summary>The most parts a job may have (the claim word holds one bit per part).</summary>
    public const int MaximumParts = 32;

    /// <summary>
    /// Runs <paramref name="run"/>(<paramref name="state"/>, part) for every part in [0, <paramref name="parts"/>)
    /// (at least 2) on the calling thread and up to <c>min(parts, threads) - 1</c> workers, and returns true; or
    /// returns false at once, running nothing, when the workers are busy with another caller's job.
    /// </summary>
    public static bool TryRun(delegate*<void*, int, void> run, void* state, int parts, int threads)
    {
        if (!s_gate.TryEnter())
        {
            return false;
        }

        try
        {
            int workers = Math.Min(parts, Math.Max(1, threads)) - 1;
            EnsureWorkers(workers);
            s_activeWorkers = workers;
            s_run = run;
            s_state = state;
            s_error = null;
            s_completed = 0;
            if (parts > MaximumParts)
            {
                throw new ArgumentOutOfRangeException(nameof(parts), parts, $"A job has at most {MaximumParts} parts.");
            }

            Interlocked.Exchange(ref s_claim, (long)parts << 32); // parts 0 .. parts-1 may now be claimed
            Interlocked.Increment(ref s_generation); // wakes the spinning workers (a full fence)
            for (int w = 0; w < workers; w++)
            {
                s_workers[w].WakeIfSleeping();
            }

            RunClaimedParts(participant: 0, participants: workers + 1);
            WaitForParts(parts);
            if (s_error is { } error)
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
    /// Runs every part of the job: on the calling thread and up to <paramref name="threads"/> - 1 workers when
    /// <paramref name="parts"/> &gt; 1 and they are free, otherwise part after part on the calling thread.
    /// </summary>
    public static void Run(delegate*<void*, int, void> run, void* state, int parts, int threads)
    {
        if (parts > 1 && threads > 1 && TryRun(run, state, parts, threads))
        {
            return;
        }

        for (int part = 0; part < parts; part++)
        {
            run(state, part);
        }
    }

    /// <summary>
    /// How many parts to split <paramref name="length"/> elements into for <paramref name="threads"/> threads:
    /// <see cref="PartsPerThread"/> per thread (the threads capped by the machine's cores), as many as give each part
    /// at least <paramref name="minimumPerPart"/>; 1 for one thread.
    /// </summary>
    public static int Parts(long length, int threads, long minimumPerPart)
    {
        int usable = Threads(threads);
        long byLength = length / Math.Max(1, minimumPerPart);
        return usable <= 1 ? 1 : (int)Math.Max(1, Math.Min(Math.Min(usable * PartsPerThread, MaximumParts), byLength));
    }

    /// <summary>The threads a job may use: <paramref name="threads"/> capped by the machine's cores.</summary>
    public static int Threads(int threads) => Math.Max(1, Math.Min(threads, Environment.ProcessorCount));

    /// <summary>Part <paramref name="part"/> of [0, <paramref name="length"/>) split into <paramref name="parts"/>
    /// contiguous ranges whose boundaries are multiples of <paramref name="align"/> (except the end).</summary>
    public static (int Start, int Length) Range(int length, int parts, int part, int align = 16)
    {
        int per = (int)((((long)length + parts - 1) / parts + align - 1) / align * align);
        int start = Math.Min(length, part * per);
        return (start, Math.Min(length, start + per) - start);
    }

    /// <summary>
    /// Claims and runs parts of the current job until none is left. The claim word holds the job's part count and a
    /// bit per claimed part, and a part is claimed by setting its bit with a compare-and-swap of the whole word, so a
    /// claim is always one of the current job's parts (a late worker's swap against a finished job's word fails, or
    /// finds nothing free). The job's fields are read only after a claim, and a job cannot finish while one of its parts
    /// is claimed but not done, so they are that part's job. Each thread first takes its own parts (participant p of
    /// P: p, p + P, p + 2P, ...), so that jobs split the same way in a row (a GEMM's columns, then batch norm's; the
    /// weight gradient's rows, then the optimizer's) find their data in the same core's cache; then any part left.
    /// </summary>
    private static void RunClaimedParts(int participant, int participants)
    {
        uint own = 0;
        for (int p = participant; p < MaximumParts; p += Math.Max(1, participants))
        {
            own |= 1u << p;
        }

        while (true)
        {
            long word = Volatile.Read(ref s_claim);
            int parts = (int)(word >> 32);
            uint all = parts >= 32 ? uint.MaxValue : (1u << parts) - 1;
            uint free = all & ~(uint)word;
            if (free == 0)
            {
                return;
            }

            uint pick = (free & own) != 0 ? free & own : free;
            int part = System.Numerics.BitOperations.TrailingZeroCount(pick);
            if (Interlocked.CompareExchange(ref s_claim, word | (1L << part), word) != word)
            {
                continue; // another thread claimed a part (or a new job began) since the read: look again
            }

            try
            {
                s_run(s_state, part);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref s_error, e, null);
            }
            finally
            {
                if (Interlocked.Increment(ref s_completed) == parts && Volatile.Read(ref s_callerSleeping) != 0)
                {
                    lock (s_doneLock)
                    {
                        Monitor.PulseAll(s_doneLock);
                    }
                }
            }
        }
    }

    /// <summary>Spins until every part is done, then blocks (the thread that completes the last part wakes the caller).</summary>
    private static void WaitForParts(int parts)
    {
        long deadline = Stopwatch.GetTimestamp() + s_spinTicks;
        var spinner = default(SpinWait);
        while (Volatile.Read(ref s_completed) < parts)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                lock (s_doneLock)
                {
                    Volatile.Write(ref s_callerSleeping, 1);
                    Interlocked.MemoryBarrier();
                    while (Volatile.Read(ref s_completed) < parts)
                    {
                        Monitor.Wait(s_doneLock);
                    }

                    Volatile.Write(ref s_callerSleeping, 0);
                }

                return;
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

    /// <summary>Whether every worker started so far is asleep, blocked until the next job (tests wait for it instead of for time).</summary>
    internal static bool AllWorkersAsleep
    {
        get
        {
            Worker[] workers = Volatile.Read(ref s_workers);
            return workers.Length > 0 && Array.TrueForAll(workers, w => w.IsAsleep);
        }
    }

    /// <summary>One background thread: waits for a new job generation (spinning, then sleeping), then claims parts.</summary>
    private sealed class Worker
    {
        private readonly object _wakeLock = new();
        private int _seen;
        private int _sleeping;

        private readonly int _index;

        public Worker(int index, int generation)
        {
            _index = index;
            _seen = generation;
            var thread = new Thread(Loop) { IsBackground = true, Name = $"MLNetDeep worker {index + 1}" };
            thread.Start();
        }

        /// <summary>Whether the worker is blocked, waiting to be woken for the next job.</summary>
        public bool IsAsleep => Volatile.Read(ref _sleeping) != 0;

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
                _seen = WaitForJob();
                int active = Volatile.Read(ref s_activeWorkers);
                if (_index < active)
                {
                    // (A late worker may read the next job's count: it then helps one job too many or one too few,
                    // or prefers other parts; either way every part runs once, claimed.)
                    RunClaimedParts(_index + 1, active + 1);
                }
            }
        }

        /// <summary>Returns the first job generation other than the last one seen, spinning and then sleeping.</summary>
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
