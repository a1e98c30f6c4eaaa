namespace MLNetDeep.AutoML;

using System.Globalization;
using Microsoft.ML;
using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.AutoML.Stores;
using MLNetDeep.AutoML.Tuners;
using MLNetDeep.Neural.Numerics;

/// <summary>
/// One <see cref="SweepExperiment.RunAsync"/>: <c>Parallelism</c> workers, each on its own thread (not the thread pool's,
/// so parallel trials run at once however small the pool is), looping claim-or-create a trial, run it (heartbeats,
/// per-epoch reports, pruning), finish it in the store, until the study is full, the time is up or the run is
/// cancelled.
/// </summary>
internal sealed class ExperimentRun
{
    /// <summary>
    /// The time limit re-queues a trial it stops, but fails it the second time it stops it: a trial longer than each run's
    /// budget would otherwise be claimed first by every later run and stopped again, for ever.
    /// </summary>
    internal const int TimeLimitStopsToFail = 2;

    private const ulong SeedPurpose = 0x5EED;
    private static int s_instances;
    private readonly Setup _s;
    private readonly string _workerId;
    private readonly ITrialPruner? _pruner;
    private readonly Lock _tunerLock = new();
    private readonly Lock _monitorLock = new();
    private readonly HashSet<int> _seen = [];
    private readonly HashSet<(int TrialId, int Attempts)> _waitedFor = [];
    private SweepTrialResult? _best;
    private bool _bestIsOwn;
    private CancellationToken _cancellation, _timeLimit;

    // Completed (and replaced) each time a trial of this run ends, so a worker waiting for its neighbours' trials wakes
    // when the last one ends instead of at its next poll (other processes' trials are still seen by polling).
    private TaskCompletionSource _trialEnded = NewSignal();

    public ExperimentRun(Setup setup)
    {
        _s = setup;
        _pruner = setup.Tuner as ITrialPruner;
        _workerId = setup.Settings.WorkerId
            ?? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}:{Interlocked.Increment(ref s_instances)}");
    }

    private TimeProvider Time => _s.Settings.TimeProvider;

    public async Task<SweepTrialResult> RunAsync(CancellationToken cancellationToken)
    {
        using var timeLimit = _s.Settings.TrainingTimeInSeconds is double seconds
            ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds), Time)
            : new CancellationTokenSource();
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeLimit.Token);
        (_cancellation, _timeLimit) = (cancellationToken, timeLimit.Token);
        Sync();
        var workers = new Task[_s.Settings.Parallelism];
        for (int i = 0; i < workers.Length; i++)
        {
            string worker = workers.Length == 1 ? _workerId : $"{_workerId}/{i}";
            workers[i] = Task.Factory.StartNew(() => Work(worker, run.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        Sync();
        lock (_tunerLock)
        {
            if (_best is not null)
            {
                return _best;
            }
        }

        throw NoTrialCompleted(cancellationToken, timeLimit.IsCancellationRequested);
    }

    /// <summary>Fits the pipeline of <paramref name="settings"/> on the training data (every row with cross-validation).</summary>
    public ITransformer Refit(SweepTrialSettings settings, CancellationToken token)
    {
        var trial = new TrialContext(settings, token);
        return PipelineFitter.Fit(trial.Context, _s.Pipeline(trial), _s.Data.Train, _s.Data.Validation, progress: null, token);
    }

    private Exception NoTrialCompleted(CancellationToken cancellationToken, bool outOfTime)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return new OperationCanceledException("The experiment was cancelled before any trial completed.", cancellationToken);
        }

        if (outOfTime)
        {
            return new TimeoutException($"The time limit of {_s.Settings.TrainingTimeInSeconds} s ran out before any trial completed.");
        }

        var trials = _s.Store.GetTrials(_s.Study);
        string? firstError = trials.FirstOrDefault(t => t.Status == TrialStatus.Failed)?.Error;
        return new InvalidOperationException(
            $"No trial of study '{_s.Study}' completed ({trials.Count(t => t.Status == TrialStatus.Failed)} failed, {trials.Count(t => t.Status == TrialStatus.Pruned)} pruned)" +
            (firstError is null ? "." : $"; the first error: {firstError}"));
    }

    /// <summary>A worker's loop, on its own thread.</summary>
    private void Work(string worker, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            TrialRecord? record = ClaimOrCreate(worker);
            if (record is not null)
            {
                RunTrial(record, worker, token);
            }
            else if (!WaitForOthers(token))
            {
                return;
            }
        }
    }

    private TrialRecord? ClaimOrCreate(string worker)
    {
        DateTimeOffset now = Time.GetUtcNow();
        _s.Store.RequeueStale(_s.Study, _s.Settings.HeartbeatTimeout, now);
        TrialRecord? record = _s.Store.ClaimQueued(_s.Study, worker, now);
        if (record is null)
        {
            Sync();
            record = _s.Store.CreateTrial(_s.Study, worker, _s.Settings.MaxModels, now, Propose);
        }

        return record;
    }

    /// <summary>
    /// The study has all its trials: waits while some are unfinished, until one of this run's trials ends or for one poll
    /// interval (a dead worker's trial is re-queued after the heartbeat timeout), saying what it waits for. False when
    /// there is nothing left to wait for.
    /// </summary>
    private bool WaitForOthers(CancellationToken token)
    {
        // Taken before the store is read: a trial that ends after the read completes this signal, not a later one.
        Task trialEnded = Volatile.Read(ref _trialEnded).Task;
        Sync();
        IReadOnlyList<TrialRecord> trials = _s.Store.GetTrials(_s.Study);
        if (trials.All(t => t.IsFinished))
        {
            return false;
        }

        ReportWaits(trials);
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(token);
        try
        {
            Task.WaitAny([trialEnded, Task.Delay(_s.Settings.PollInterval, Time, poll.Token)], token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        finally
        {
            poll.Cancel(); // the poll's timer goes with the wait
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Tells the monitor, once per trial and attempt, about each running trial another process holds.</summary>
    private void ReportWaits(IReadOnlyList<TrialRecord> trials)
    {
        DateTimeOffset now = Time.GetUtcNow();
        foreach (TrialRecord t in trials.Where(t => t.Status == TrialStatus.Running && !IsOwn(t.WorkerId)))
        {
            lock (_monitorLock)
            {
                if (!_waitedFor.Add((t.TrialId, t.Attempts)))
                {
                    continue;
                }
            }

            TimeSpan silence = t.HeartbeatAt is DateTimeOffset beat ? now - beat : TimeSpan.Zero;
            TimeSpan requeueIn = t.HeartbeatAt is DateTimeOffset at ? at + _s.Settings.HeartbeatTimeout - now : TimeSpan.Zero;
            var wait = new SweepWait(t.TrialId, t.WorkerId, t.HeartbeatAt, silence, requeueIn > TimeSpan.Zero ? requeueIn : TimeSpan.Zero);
            Report(m => m.ReportWaiting(wait));
        }
    }

    private bool IsOwn(string? workerId) => workerId is not null && (workerId == _workerId || workerId.StartsWith(_workerId + "/", StringComparison.Ordinal));

    private TrialProposal Propose(int trialId)
    {
        int seed = Rng.Derive(_s.Settings.Seed, SeedPurpose, (ulong)trialId).NextInt(int.MaxValue);
        SweepTrialSettings settings;
        lock (_tunerLock)
        {
            settings = _s.Tuner.Propose(new SweepTrialSettings { TrialId = trialId, Seed = seed });
        }

        return new TrialProposal(settings.Parameters.ToJson(), settings.Seed);
    }

    private void RunTrial(TrialRecord record, string worker, CancellationToken runToken)
    {
        try
        {
            ExecuteTrial(record, worker, runToken);
        }
        finally
        {
            Interlocked.Exchange(ref _trialEnded, NewSignal()).TrySetResult();
        }
    }

    private void ExecuteTrial(TrialRecord record, string worker, CancellationToken runToken)
    {
        var settings = new SweepTrialSettings { TrialId = record.TrialId, Parameters = _s.Space.ParseParameter(record.ParametersJson), Seed = record.Seed };
        try
        {
            Report(m => m.ReportRunningTrial(settings));
        }
        catch
        {
            // The monitor's exception ends this worker (and the run): the trial goes back to the queue, not left running
            // until HeartbeatTimeout, when a rerun would wait for it.
            _s.Store.Release(_s.Study, record.TrialId, worker);
            throw;
        }

        using var trial = new TrialExecution(_s, settings, worker, _pruner, runToken);
        SweepTrialResult result;
        try
        {
            var (model, metric) = FitAndEvaluate(settings, trial);
            result = new SweepTrialResult { TrialSettings = settings, Status = TrialStatus.Completed, Model = model, Metric = metric, Loss = _s.Metric.ToLoss(metric) };
        }
        catch (Exception) when (trial.Token.IsCancellationRequested)
        {
            // ML.NET's own trainers report cancellation as OperationCanceledException, possibly inside an AggregateException.
            trial.End();
            if (!trial.WasPruned)
            {
                Stop(record, settings, trial, worker);
                return;
            }

            result = new SweepTrialResult { TrialSettings = settings, Status = TrialStatus.Pruned };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            trial.End();
            Fail(settings, trial, worker, e);
            return;
        }

        trial.End();
        Finish(result, trial, worker);
    }

    /// <summary>
    /// A trial the run's end stopped goes back to the queue for a later run, unless the time limit (not the caller's
    /// cancellation) stopped it for the <see cref="TimeLimitStopsToFail"/>th time: then it fails, saying why.
    /// </summary>
    private void Stop(TrialRecord record, SweepTrialSettings settings, TrialExecution trial, string worker)
    {
        if (!_timeLimit.IsCancellationRequested || _cancellation.IsCancellationRequested)
        {
            trial.ReleaseUnlessLost();
            return;
        }

        double[] stops = [.. record.TimeLimitStops, trial.Elapsed.TotalSeconds];
        if (stops.Length < TimeLimitStopsToFail)
        {
            trial.ReleaseUnlessLost(stops);
            return;
        }

        string after = string.Join(" and ", stops.Select(s => $"{s.ToString("0.#", CultureInfo.InvariantCulture)} s"));
        Fail(settings, trial, worker, new TimeoutException(
            $"stopped by the time limit in {stops.Length} runs (after {after} of training); a trial this long needs a larger time limit (--time / SetTrainingTimeInSeconds) or a smaller space"));
    }

    private void Fail(SweepTrialSettings settings, TrialExecution trial, string worker, Exception e) =>
        Finish(new SweepTrialResult { TrialSettings = settings, Status = TrialStatus.Failed, Error = Describe(e) }, trial, worker, e);

    private (ITransformer Model, double Metric) FitAndEvaluate(SweepTrialSettings settings, TrialExecution trial)
    {
        if (_s.Data.Folds is not { } folds)
        {
            var context = new TrialContext(settings, trial.Token);
            ITransformer model = PipelineFitter.Fit(context.Context, _s.Pipeline(context), _s.Data.Train, _s.Data.Validation, trial.Progress, trial.Token);
            return (model, Score(context.Context, model, _s.Data.Validation!));
        }

        ITransformer? best = null;
        double bestLoss = double.PositiveInfinity, sum = 0;
        for (int i = 0; i < folds.Count; i++)
        {
            var context = new TrialContext(settings, trial.Token);
            ITransformer model = PipelineFitter.Fit(context.Context, _s.Pipeline(context), folds[i].TrainSet, folds[i].TestSet, i == 0 ? trial.Progress : null, trial.Token);
            double metric = Score(context.Context, model, folds[i].TestSet, best);
            sum += metric;
            double loss = _s.Metric.ToLoss(metric);
            if (best is null || loss < bestLoss)
            {
                (best as IDisposable)?.Dispose();
                (best, bestLoss) = (model, loss);
            }
            else
            {
                (model as IDisposable)?.Dispose();
            }
        }

        return (best!, sum / folds.Count);
    }

    /// <summary>
    /// A trial's error and its causes, e.g. <c>InvalidOperationException: Splitter/consolidator worker encountered exception
    /// while consuming source data; caused by ArgumentException: ...</c>: ML.NET wraps the exception of a step that fails
    /// while its data is read, so the outer message alone does not say what went wrong. Wrappers that say nothing of
    /// their own (aggregate, reflection) are left out.
    /// </summary>
    private static string Describe(Exception e)
    {
        var causes = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is not (AggregateException or System.Reflection.TargetInvocationException) || x.InnerException is null)
            {
                causes.Add($"{x.GetType().Name}: {x.Message}");
            }
        }

        return string.Join("; caused by ", causes);
    }

    /// <summary>The metric of <paramref name="model"/>; when scoring fails (a NaN metric included) the trial's models are disposed first.</summary>
    private double Score(MLContext context, ITransformer model, IDataView validation, ITransformer? kept = null)
    {
        try
        {
            return _s.Metric.Evaluate(context, model, validation);
        }
        catch
        {
            (model as IDisposable)?.Dispose();
            (kept as IDisposable)?.Dispose();
            throw;
        }
    }

    private void Finish(SweepTrialResult result, TrialExecution trial, string worker, Exception? error = null)
    {
        result = trial.Complete(result);
        var outcome = new TrialOutcome
        {
            Status = result.Status, Loss = result.Loss, Metric = result.Metric, DurationInMilliseconds = result.DurationInMilliseconds,
            PeakMemoryInMegaByte = result.PeakMemoryInMegaByte, Error = result.Error, Curve = result.Curve,
        };
        if (!_s.Store.Finish(_s.Study, result.TrialSettings.TrialId, worker, outcome, Time.GetUtcNow()))
        {
            (result.Model as IDisposable)?.Dispose();
            return; // the trial was re-queued meanwhile (heartbeats too late): its new owner records it
        }

        var (isBest, superseded) = Learn(result, own: true);
        Report(m =>
        {
            if (result.Status == TrialStatus.Failed)
            {
                m.ReportFailTrial(result.TrialSettings, error);
            }
            else
            {
                m.ReportCompletedTrial(result);
            }
        });

        if (isBest)
        {
            Report(m => m.ReportBestTrial(result));
        }

        DisposeModel(isBest ? superseded : result);
    }

    /// <summary>Tells the tuner about trials finished elsewhere (earlier runs, other workers and processes).</summary>
    private void Sync()
    {
        foreach (TrialRecord t in _s.Store.GetTrials(_s.Study))
        {
            lock (_tunerLock)
            {
                if (!t.IsFinished || _seen.Contains(t.TrialId))
                {
                    continue;
                }
            }

            SweepTrialResult result = FromRecord(t);
            var (isBest, superseded) = Learn(result, own: false);
            if (isBest)
            {
                Report(m => m.ReportBestTrial(result));
                DisposeModel(superseded);
            }
        }
    }

    private SweepTrialResult FromRecord(TrialRecord t) => new()
    {
        TrialSettings = new SweepTrialSettings { TrialId = t.TrialId, Parameters = _s.Space.ParseParameter(t.ParametersJson), Seed = t.Seed },
        Status = t.Status,
        Loss = t.Loss ?? double.NaN,
        Metric = t.Metric ?? double.NaN,
        DurationInMilliseconds = t.DurationInMilliseconds ?? 0,
        PeakMemoryInMegaByte = t.PeakMemoryInMegaByte ?? 0,
        Curve = t.Curve,
        Error = t.Error,
    };

    /// <summary>Updates the tuner and the best trial; whether <paramref name="result"/> became the best, and the best it replaced.</summary>
    private (bool IsBest, SweepTrialResult? Superseded) Learn(SweepTrialResult result, bool own)
    {
        lock (_tunerLock)
        {
            if (!_seen.Add(result.TrialSettings.TrialId) && !own)
            {
                return (false, null);
            }

            _s.Tuner.Update(result);
            if (result.Status != TrialStatus.Completed || !double.IsFinite(result.Loss))
            {
                return (false, null);
            }

            bool better = _best is null || result.Loss < _best.Loss || (result.Loss == _best.Loss && result.TrialSettings.TrialId < _best.TrialSettings.TrialId)
                || (own && !_bestIsOwn && result.TrialSettings.TrialId == _best.TrialSettings.TrialId);
            if (!better)
            {
                return (false, null);
            }

            SweepTrialResult? superseded = _best;
            _best = result;
            _bestIsOwn = own;
            return (true, superseded);
        }
    }

    private static void DisposeModel(SweepTrialResult? result) => (result?.Model as IDisposable)?.Dispose();

    private void Report(Action<ISweepMonitor> report)
    {
        if (_s.Monitor is { } monitor)
        {
            lock (_monitorLock)
            {
                report(monitor);
            }
        }
    }

    /// <summary>What a run works with.</summary>
    internal sealed record Setup(
        SweepExperimentSettings Settings,
        string Study,
        ITrialStore Store,
        SweepSpace Space,
        ISweepTuner Tuner,
        Func<TrialContext, IEstimator<ITransformer>> Pipeline,
        MetricSpec Metric,
        ISweepMonitor? Monitor,
        SweepDataset.Prepared Data);
}
