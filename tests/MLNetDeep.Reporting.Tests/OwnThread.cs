namespace MLNetDeep.Reporting.Tests;

/// <summary>
/// Runs a test's blocking body on a thread of its own, so that the test awaits it instead of holding a thread-pool
/// thread: ML.NET's model saving (its binary saver) and asynchronous reads need pool threads to finish, and a test that
/// blocks one while the runner holds another hangs when the pool is small (<c>DOTNET_ThreadPool_ForceMaxWorkerThreads=2</c>).
/// </summary>
internal static class OwnThread
{
    public static Task Run(Action body) => Task.Factory.StartNew(body, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public static Task<T> Run<T>(Func<T> body) => Task.Factory.StartNew(body, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
