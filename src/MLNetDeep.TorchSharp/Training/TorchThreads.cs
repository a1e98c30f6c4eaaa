namespace MLNetDeep.TorchSharp.Training;

using global::TorchSharp;

/// <summary>
/// libtorch's intra-op thread count (<c>torch.set_num_threads</c>) is one setting for the whole process. A run sets its
/// <c>NumberOfThreads</c> while it trains; when the last run that is training in the process ends, the count the process
/// had before the first of them started is put back, so training does not leave the rest of the process (other
/// libtorch code, a later run with the default) on its count.
/// </summary>
/// <remarks>Runs that overlap share the setting: the one that started last decides the count for all of them.</remarks>
internal static class TorchThreads
{
    private static readonly Lock Gate = new();
    private static int _active;
    private static int _before;

    /// <summary>Sets libtorch's thread count to <paramref name="threads"/> until the returned scope is disposed.</summary>
    public static Scope Use(int threads)
    {
        lock (Gate)
        {
            if (_active == 0)
            {
                _before = torch.get_num_threads();
            }

            _active++;
            torch.set_num_threads(threads);
        }

        return new Scope();
    }

    /// <summary>Ends one run's use of the setting; the last one out restores the count from before.</summary>
    internal readonly struct Scope : IDisposable
    {
        public void Dispose()
        {
            lock (Gate)
            {
                if (--_active == 0)
                {
                    torch.set_num_threads(_before);
                }
            }
        }
    }
}
