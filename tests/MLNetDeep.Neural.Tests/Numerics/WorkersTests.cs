namespace MLNetDeep.Neural.Tests.Numerics;

using MLNetDeep.Neural.Numerics;

/// <summary>
/// The worker pool's hand-offs: parts all run exactly once, the caller returns only when every part is done, whether
/// the workers were spinning or asleep and whether the caller spun or blocked, exceptions come back to the caller,
/// and nothing is allocated on the caller's thread. A part that sleeps pushes the caller into its blocking path (a caller
/// that waits longer than <see cref="Workers.SpinTime"/> blocks); for the workers' sleep the tests wait until every worker
/// is asleep. No assertion depends on how long anything took.
/// </summary>
[TestClass]
[DoNotParallelize] // the pool is process-wide: a concurrent caller would make these jobs run inline
public sealed unsafe class WorkersTests
{
    private struct Job
    {
        public int* Counts;
        public int SlowPart;
        public int SleepMilliseconds;
        public int ThrowPart;

        public static void Run(void* state, int part)
        {
            ref Job j = ref *(Job*)state;
            if (part == j.SlowPart)
            {
                Thread.Sleep(j.SleepMilliseconds);
            }

            if (part == j.ThrowPart)
            {
                throw new InvalidOperationException($"part {part} failed");
            }

            Interlocked.Increment(ref j.Counts[part]);
        }
    }

    private static int[] RunJob(int parts, int slowPart = -1, int sleepMilliseconds = 0, int throwPart = -1)
    {
        var counts = new int[parts];
        fixed (int* c = counts)
        {
            var job = new Job { Counts = c, SlowPart = slowPart, SleepMilliseconds = sleepMilliseconds, ThrowPart = throwPart };
            Workers.Run(&Job.Run, &job, parts, threads: parts);
        }

        return counts;
    }

    [TestMethod]
    public void EveryPartRunsOnceWhetherTheCallerSpinsOrBlocks()
    {
        CollectionAssert.AreEqual(new[] { 1, 1 }, RunJob(2), "quick job: the caller spins");
        CollectionAssert.AreEqual(new[] { 1, 1 }, RunJob(2, slowPart: 1, sleepMilliseconds: (int)(Workers.SpinTime.TotalMilliseconds * 5)), "the worker's part outlasts the caller's spin");
        CollectionAssert.AreEqual(new[] { 1, 1 }, RunJob(2, slowPart: 0, sleepMilliseconds: (int)(Workers.SpinTime.TotalMilliseconds * 5)), "the caller's own part is the slow one");
    }

    [TestMethod]
    public void WorkersThatFellAsleepWakeForTheNextJob()
    {
        for (int i = 0; i < 5; i++)
        {
            CollectionAssert.AreEqual(new[] { 1, 1, 1 }, RunJob(3), $"job {i}");
            // Wait for the event itself: every worker idle past its spin has gone to sleep (the deadline only ends a hang).
            Assert.IsTrue(SpinWait.SpinUntil(() => Workers.AllWorkersAsleep, TimeSpan.FromMinutes(1)), $"after job {i} the workers went to sleep");
        }
    }

    [TestMethod]
    public void AWorkersExceptionReachesTheCaller()
    {
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => RunJob(2, throwPart: 1));
        StringAssert.Contains(e.Message, "part 1 failed");
        CollectionAssert.AreEqual(new[] { 1, 1 }, RunJob(2), "the pool still works afterwards");
    }

    [TestMethod]
    public void HandOffsAllocateNothingOnTheCallersThreadInEitherPath()
    {
        RunJob(2);
        RunJob(2, slowPart: 1, sleepMilliseconds: (int)(Workers.SpinTime.TotalMilliseconds * 5));
        var counts = new int[2];
        fixed (int* c = counts)
        {
            var quick = new Job { Counts = c, SlowPart = -1, ThrowPart = -1 };
            var slow = new Job { Counts = c, SlowPart = 1, SleepMilliseconds = (int)(Workers.SpinTime.TotalMilliseconds * 5), ThrowPart = -1 };
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 20; i++)
            {
                Workers.Run(&Job.Run, &quick, 2, threads: 2);
            }

            Workers.Run(&Job.Run, &slow, 2, threads: 2);
            Assert.AreEqual(0L, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        CollectionAssert.AreEqual(new[] { 21, 21 }, counts);
    }

    [TestMethod]
    public void ManyJobsInARowRunEachPartExactlyOnce()
    {
        // Back-to-back jobs of 2, 3 and 4 parts on 2 or 3 threads (more parts than threads leaves some for whoever claims
        // first), with a slow part now and then: a part run twice or skipped shows in the counts.
        var counts = new int[4];
        int expected2 = 0, expected3 = 0;
        fixed (int* c = counts)
        {
            for (int i = 0; i < 3000; i++)
            {
                int parts = 2 + (i % 3);
                var job = new Job { Counts = c, SlowPart = i % 500 == 0 ? 1 : -1, SleepMilliseconds = 3, ThrowPart = -1 };
                Workers.Run(&Job.Run, &job, parts, threads: 2 + (i % 2)); // more parts than threads, sometimes
                expected2 += parts > 2 ? 1 : 0;
                expected3 += parts > 3 ? 1 : 0;
            }
        }

        CollectionAssert.AreEqual(new[] { 3000, 3000, expected2, expected3 }, counts);
    }
}
