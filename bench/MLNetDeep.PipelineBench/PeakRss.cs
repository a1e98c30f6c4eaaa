namespace MLNetDeep.PipelineBench;

using System.Globalization;

/// <summary>The process's peak resident set size (VmHWM from /proc/self/status on Linux).</summary>
internal static class PeakRss
{
    public static double Megabytes()
    {
        string? line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
