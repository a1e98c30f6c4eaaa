using System.Runtime.ExceptionServices;

namespace MLNetDeep.Neural.Numerics;

/// <summary>
/// A small set of long-lived background threads that run the slabs of one <see cref="GemmJob"/> alongside the
/// calling thread. Lighter than <c>Parallel.For</c> and allocation-free per call: the job is copied into a static
/// slot, worker w runs part w+1 and the caller runs part 0.
/// </summary>
/// <remarks>
/// One job at a time: a call that finds the workers busy (another thread is multiplying) returns false and the caller
/// runs the whole product itself, which gives the same bits, only later.
/// </remarks>
internal static unsafe class GemmWorkers
{
    private static readonly Lock s_gate = new();
    private static readonly CountdownEvent s_done = new(1);
    private static ManualResetEventSlim[] s_start = [];
    private static GemmJob s_job;
    private static Exception? s_error;

    /// <summary>
    /// Runs all <see cref="GemmJob.Parts"/> (at least 2) slabs of <paramref name="job"/> and returns true, or returns
    /// false at once when the workers are busy with another caller's job.
    /// </summary>
    public static bool TryRun(in GemmJob job)
    {
        if (!s_gate.TryEnter())
        {
            return false;
        }

        try
        {
            int workers = job.Parts - 1;
            EnsureWorkers(workers);
            s_job = job;
            s_error = null;
            s_done.Reset(workers);
            for (int w = 0; w < workers; w++)
            {
                s_start[w].Set();
            }

            Exception? own = null;
            try
            {
                s_job.RunPart(in s_job, 0);
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
            var thread = new Thread(WorkerLoop) { IsBackground = true, Name = $"MLNetDeep GEMM worker {w + 1}" };
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
                s_job.RunPart(in s_job, w + 1);
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
