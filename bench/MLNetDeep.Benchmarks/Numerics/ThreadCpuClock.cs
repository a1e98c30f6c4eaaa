using System.Runtime.InteropServices;

namespace MLNetDeep.Benchmarks.Numerics;

/// <summary>
/// The calling thread's CPU time (Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>): on a machine shared with
/// other builds, a single-threaded kernel's CPU time excludes the time it was descheduled, so tuning comparisons stay
/// meaningful under load (cache interference remains). Wall time elsewhere.
/// </summary>
internal static class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>Whether the clock works here (Linux).</summary>
    public static bool IsAvailable { get; } = OperatingSystem.IsLinux() && TryNow(out _);

    /// <summary>Seconds of CPU time this thread has used.</summary>
    public static double Now() => TryNow(out double seconds) ? seconds : throw new PlatformNotSupportedException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) is not available.");

    private static bool TryNow(out double seconds)
    {
        try
        {
            if (ClockGetTime(ClockThreadCpuTimeId, out TimeSpec t) == 0)
            {
                seconds = t.Seconds + (t.Nanoseconds * 1e-9);
                return true;
            }
        }
        catch (DllNotFoundException)
        {
        }
        catch (EntryPointNotFoundException)
        {
        }

        seconds = 0;
        return false;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
