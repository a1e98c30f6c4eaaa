namespace MLNetDeep.Serving.Models;

using Microsoft.Extensions.Logging;
using MLNetDeep.Serving.Json;

/// <summary>
/// A named model that follows its file: the current <see cref="ModelGeneration{TEngine}"/>, and, when watching, a
/// file watcher whose events are debounced (editors and copy tools write a file in several steps) before the file is
/// read, hashed and, if its content changed, loaded in the background and swapped in atomically. A file that fails to
/// load leaves the current generation serving and is logged. A replaced generation is disposed once no request uses it.
/// </summary>
internal sealed class ReloadingModel<TEngine> : IDisposable
    where TEngine : class, IDisposable
{
    private readonly Func<ModelSnapshot, long, ModelGeneration<TEngine>> _build;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _debounce;
    private readonly string _tempFolder;
    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private readonly FileSystemWatcher? _watcher;
    private readonly ITimer? _timer;
    private ModelGeneration<TEngine> _current;
    private string? _lastFailedHash;
    private bool _missingReported;
    private long _failedReloads;
    private volatile bool _disposed;

    /// <summary>Loads the model now (throwing if it cannot) and starts watching its file when asked to.</summary>
    /// <param name="source">The model's name, file and whether to watch it.</param>
    /// <param name="build">Builds a generation from a loaded model and its number; throws if the model does not fit.</param>
    /// <param name="logger">Where loads and failed reloads are logged.</param>
    /// <param name="time">The clock (load times, debounce timer).</param>
    /// <param name="debounce">How long the file must stay quiet before it is read.</param>
    /// <param name="tempFolder">Where ML.NET writes its temporary copies of ONNX graphs.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a model that fits; the message names the file.</exception>
    public ReloadingModel(ModelSource source, Func<ModelSnapshot, long, ModelGeneration<TEngine>> build, ILogger logger, TimeProvider time, TimeSpan debounce, string tempFolder)
    {
        Name = source.Name;
        FullPath = Path.GetFullPath(source.FilePath);
        _build = build;
        _logger = logger;
        _time = time;
        _debounce = debounce;
        _tempFolder = tempFolder;
        if (Directory.Exists(FullPath))
        {
            throw new FileNotFoundException($"Model '{Name}': '{FullPath}' is a folder, not a model file.", FullPath);
        }

        if (!File.Exists(FullPath))
        {
            throw new FileNotFoundException($"Model '{Name}': the file '{FullPath}' does not exist.", FullPath);
        }

        _current = Build(ModelFiles.Hash(FullPath, out long size), size, 1);
        ServingLog.ModelLoaded(logger, Name, 1, FullPath, _current.Snapshot.Sha256);
        if (source.WatchForChanges)
        {
            _timer = time.CreateTimer(_ => _ = ReloadAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _watcher = new FileSystemWatcher(Path.GetDirectoryName(FullPath)!, Path.GetFileName(FullPath))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            _watcher.Changed += OnFileEvent;
            _watcher.Created += OnFileEvent;
            _watcher.Renamed += OnFileEvent;
            _watcher.Deleted += OnFileEvent; // checked after the quiet period: a delete-then-write replacement is no news
            _watcher.EnableRaisingEvents = true;
        }
    }

    /// <summary>Raised after a new generation has been swapped in.</summary>
    public event Action<ModelGeneration<TEngine>>? Swapped;

    /// <summary>Raised after a changed file failed to load (the argument says why); the current generation keeps serving.</summary>
    public event Action<string>? ReloadFailed;

    /// <summary>The model's name.</summary>
    public string Name { get; }

    /// <summary>The model file's full path.</summary>
    public string FullPath { get; }

    /// <summary>The generation new requests use (for reading its description; to predict, <see cref="Acquire"/> it).</summary>
    public ModelGeneration<TEngine> Current => Volatile.Read(ref _current);

    /// <summary>How many changed files failed to load.</summary>
    public long FailedReloads => Interlocked.Read(ref _failedReloads);

    /// <summary>Why the last changed file failed to load, or null.</summary>
    public string? LastError { get; private set; }

    /// <summary>The current generation, counted as in use until the caller calls its <c>Release</c>.</summary>
    /// <exception cref="ObjectDisposedException">The model has been disposed (the server or pool is stopping).</exception>
    public ModelGeneration<TEngine> Acquire()
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ModelGeneration<TEngine> generation = Current;
            if (generation.TryAcquire())
            {
                return generation;
            }

            // Retired and disposed between the read and the acquire: a newer generation is current by now.
        }
    }

    /// <summary>
    /// Reads the file and, if its content differs from the current generation's (and from the last file that failed),
    /// loads it and swaps it in. Returns whether a new generation was swapped in.
    /// </summary>
    public async Task<bool> ReloadAsync()
    {
        if (_disposed)
        {
            return false;
        }

        await _reloadGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return false;
            }

            string hash;
            long size;
            try
            {
                hash = ModelFiles.Hash(FullPath, out size);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                // Still absent after the quiet period: said once, until a file is there again.
                if (!_missingReported)
                {
                    _missingReported = true;
                    ServingLog.FileMissing(_logger, Name, FullPath, Current.Number);
                }

                return false;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                ServingLog.ReadDeferred(_logger, Name, FullPath, e.Message); // e.g. held open by its writer
                return false;
            }

            _missingReported = false;

            ModelGeneration<TEngine> current = Current;
            if (hash == current.Snapshot.Sha256 || hash == _lastFailedHash)
            {
                return false;
            }

            ModelGeneration<TEngine> next;
            try
            {
                // On a thread of its own, awaited: ML.NET's loader waits on work that needs a free thread-pool worker
                // (docs/reliability.md), so a reload must not hold one while it waits.
                long number = current.Number + 1;
                next = await Task.Factory.StartNew(
                    () => Build(hash, size, number), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _lastFailedHash = hash;
                LastError = e.Message;
                Interlocked.Increment(ref _failedReloads);
                ServingLog.ReloadFailed(_logger, Name, FullPath, current.Number, e.Message);
                ReloadFailed?.Invoke(e.Message);
                return false;
            }

            Volatile.Write(ref _current, next);
            current.Retire(); // disposed once the requests still using it are done
            _lastFailedHash = null;
            LastError = null;
            ServingLog.ModelLoaded(_logger, Name, next.Number, FullPath, hash);
            if (JsonRowReader.InputChange(current.Reader, next.Reader) is string change)
            {
                ServingLog.InputsChanged(_logger, Name, next.Number, current.Number, change);
            }

            Swapped?.Invoke(next);
            return true;
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    /// <summary>Stops watching, waits for a reload in progress, and retires the current generation (disposed once idle).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _watcher?.Dispose();
        _timer?.Dispose();
        _reloadGate.Wait();
        try
        {
            Current.Retire();
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    private ModelGeneration<TEngine> Build(string hash, long size, long number)
    {
        ModelSnapshot snapshot = ModelSnapshot.Load(FullPath, hash, size, _time.GetUtcNow(), _tempFolder);
        try
        {
            return _build(snapshot, number);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            snapshot.Dispose();
            if (e is InvalidDataException)
            {
                throw;
            }

            throw new InvalidDataException($"Model file '{FullPath}': {e.Message}", e);
        }
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e)
    {
        if (!_disposed && string.Equals(Path.GetFullPath(e.FullPath), FullPath, StringComparison.Ordinal))
        {
            _timer?.Change(_debounce, Timeout.InfiniteTimeSpan); // restarts the quiet period on every event
        }
    }
}
