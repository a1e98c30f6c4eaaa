namespace MLNetDeep.AutoML;

using System.Globalization;
using MLNetDeep.AutoML.SearchSpaces;
using MLNetDeep.AutoML.Stores;
using MLNetDeep.AutoML.Tuners;
using MLNetDeep.Legacy.Data;
using MLNetDeep.Neural.Numerics;
using MLNetDeep.Neural.Training;

/// <summary>
/// One <see cref="AutoMLExperiment.RunAsync"/>: <c>Parallelism</c> workers, each looping claim-or-create a trial, run it
/// (heartbeats, per-epoch reports, pruning), finish it in the store, until the study is full, the time is up or the
/// run is cancelled.
/// </summary>
internal sealed class ExperimentRun
{
    private const ulong SeedPurpose = 0x5EED;
    private static int s_instances;
    private readonly Setup _s;
    private readonly string _workerId;
    private readonly ITrialPruner? _pruner;
    private readonly Lock _tunerLock = new();
    private readonly Lock _monitorLock = new();
    private readonly HashSet<int> _seen = [];
    private TrialResult? _best;
    private bool _bestIsOwn;

    public ExperimentRun(Setup setup)
    {
        _s = setup;
        _pruner = setup.Tuner as ITrialPruner;
        _workerId = setup.Settings.WorkerId
            ?? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}:{Interlocked.Increment(ref s_instances)}");
    }

    private TimeProvider Time => _s.Settings.TimeProvider;

    public async Task<TrialResult> RunAsync(CancellationToken cancellationToken)
    {
        using var timeLimit = _s.Settings.TrainingTimeInSeconds is double seconds
            ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds), Time)
            : new CancellationTokenSource();
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeLimit.Token);
        Sync();
        var workers = new Task[_s.Settings.Parallelism];
        for (int i = 0; i < workers.Length; i++)
        {
            string worker = workers.Length == 1 ? _workerId : $"{_workerId}/{i}";
            workers[i] = Task.Run(() => WorkerAsync(worker, run.Token), CancellationToken.None);
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

        var trials = _s.Store.GetTrials(_s.Study);
        if (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The experiment was cancelled before any trial completed.", cancellationToken);
        }

        if (timeLimit.IsCancellationRequested)
        {
            throw new TimeoutException($"The time limit of {_s.Settings.TrainingTimeInSeconds} s ran out before any trial completed.");
        }

        string? firstError = trials.FirstOrDefault(t => t.Status == TrialStatus.Failed)?.Error;
        throw new InvalidOperationException(
            $"No trial of study '{_s.Study}' completed ({trials.Count(t => t.Status == TrialStatus.Failed)} failed, {trials.Count(t => t.Status == TrialStatus.Pruned)} pruned)" +
            (firstError is null ? "." : $"; the first error: {firstError}"));
    }

    private async Task WorkerAsync(string worker, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            DateTimeOffset now = Time.GetUtcNow();
            _s.Store.RequeueStale(_s.Study, _s.Settings.HeartbeatTimeout, now);
            TrialRecord? record = _s.Store.ClaimQueued(_s.Study, worker, now);
            if (record is null)
            {
                Sync();
                record = _s.Store.CreateTrial(_s.Study, worker, _s.Settings.MaxModels, now, Propose);
            }

            if (record is null)
            {
                // The study has all its trials. Wait while some are unfinished: a dead worker's trial is re-queued after the timeout.
                Sync();
                if (_s.Store.GetTrials(_s.Study).All(t => t.IsFinished))
                {
                    return;
                }

                try
                {
                    await Task.Delay(_s.Settings.PollInterval, Time, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            RunTrial(record, worker, token);
        }
    }

    private TrialProposal Propose(int trialId)
    {
        int seed = Rng.Derive(_s.Seed, SeedPurpose, (ulong)trialId).NextInt(int.MaxValue);
        TrialSettings settings;
        lock (_tunerLock)
        {
            settings = _s.Tuner.Propose(new TrialSettings { TrialId = trialId, Seed = seed });
        }

        return new TrialProposal(settings.Parameters.ToJson(), settings.Seed);
    }

    private void RunTrial(TrialRecord record, string worker, CancellationToken runToken)
    {
        var settings = new TrialSettings { TrialId = record.TrialId, Parameters = _s.Space.ParseParameter(record.ParametersJson), Seed = record.Seed };
        int id = settings.TrialId;
        Report(m => m.ReportRunningTrial(settings));
        using var trial = CancellationTokenSource.CreateLinkedTokenSource(runToken);
        int pruned = 0, lost = 0, done = 0;
        var curve = new List<EpochRecord>();
        double peak = MemoryMb();

        void Lose()
        {
            if (Volatile.Read(ref done) == 0 && Interlocked.Exchange(ref lost, 1) == 0)
            {
                trial.Cancel();
            }
        }

        using ITimer heartbeat = Time.CreateTimer(_ =>
        {
            try
            {
                if (Volatile.Read(ref done) == 0 && !_s.Store.Heartbeat(_s.Study, id, worker, Time.GetUtcNow()))
                {
                    Lose();
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A store that is briefly unreachable must not crash the process from a timer thread; the next beat retries,
                // and if none gets through before the timeout the trial is re-queued and this worker's writes are refused.
            }
        }, null, _s.Settings.HeartbeatInterval, _s.Settings.HeartbeatInterval);

        void Progress(EpochRecord r)
        {
            EpochRecord[] snapshot;
            lock (curve)
            {
                curve.Add(r);
                snapshot = [.. curve];
            }

            peak = Math.Max(peak, MemoryMb());
            if (!_s.Store.ReportEpochs(_s.Study, id, worker, snapshot, Time.GetUtcNow()))
            {
                Lose();
                return;
            }

            if (_pruner is not null && _pruner.ShouldPrune(id, r.Epoch, HyperbandTuner.IntermediateLoss(r)) && Interlocked.Exchange(ref pruned, 1) == 0)
            {
                trial.Cancel();
            }
        }

        long started = Time.GetTimestamp();
        TrialResult result;
        try
        {
            var (model, metric) = FitAndEvaluate(settings, Progress, trial.Token);
            result = new TrialResult
            {
                TrialSettings = settings, Status = TrialStatus.Completed, Model = model, Metric = metric, Loss = _s.Metric.ToLoss(metric),
            };
        }
        catch (OperationCanceledException) when (trial.IsCancellationRequested)
        {
            Volatile.Write(ref done, 1);
            if (Volatile.Read(ref pruned) == 1 && Volatile.Read(ref lost) == 0)
            {
                result = new TrialResult { TrialSettings = settings, Status = TrialStatus.Pruned };
            }
            else
            {
                if (lost == 0)
                {
                    _s.Store.Release(_s.Study, id, worker); // cancelled or out of time: back to the queue for a later run
                }

                return;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            result = new TrialResult { TrialSettings = settings, Status = TrialStatus.Failed, Error = $"{e.GetType().Name}: {e.Message}" };
            Volatile.Write(ref done, 1);
            Finish(result, started, peak, curve, worker);
            Report(m => m.ReportFailTrial(settings, e));
            return;
        }

        Volatile.Write(ref done, 1);
        Finish(result, started, peak, curve, worker);
    }

    private void Finish(TrialResult result, long started, double peak, List<EpochRecord> curve, string worker)
    {
        EpochRecord[] snapshot;
        lock (curve)
        {
            snapshot = [.. curve];
        }

        result = result with
        {
            DurationInMilliseconds = Time.GetElapsedTime(started).TotalMilliseconds,
            PeakMemoryInMegaByte = Math.Max(peak, MemoryMb()),
            Curve = snapshot,
        };
        var outcome = new TrialOutcome
        {
            Status = result.Status, Loss = result.Loss, Metric = result.Metric, DurationInMilliseconds = result.DurationInMilliseconds,
            PeakMemoryInMegaByte = result.PeakMemoryInMegaByte, Error = result.Error, Curve = snapshot,
        };
        if (!_s.Store.Finish(_s.Study, result.TrialSettings.TrialId, worker, outcome, Time.GetUtcNow()))
        {
            return; // the trial was re-queued meanwhile (heartbeats too late): its new owner records it
        }

        bool isBest = Learn(result, own: true);
        if (result.Status != TrialStatus.Failed)
        {
            Report(m => m.ReportCompletedTrial(result));
        }

        if (isBest)
        {
            Report(m => m.ReportBestTrial(result));
        }
    }

    private (ITransformer Model, double Metric) FitAndEvaluate(TrialSettings settings, Action<EpochRecord> progress, CancellationToken token)
    {
        if (_s.Folds is null)
        {
            var trialContext = new TrialContext(settings, token);
            ITransformer model = PipelineFitter.Fit(_s.Pipeline(trialContext), _s.Train, _s.Validation, progress, token);
            token.ThrowIfCancellationRequested();
            return (model, _s.Metric.Evaluate(trialContext.Context, model.Transform(_s.Validation!)));
        }

        ITransformer? best = null;
        double bestLoss = double.PositiveInfinity, sum = 0;
        for (int i = 0; i < _s.Folds.Count; i++)
        {
            var fold = _s.Folds[i];
            var trialContext = new TrialContext(settings, token);
            ITransformer model = PipelineFitter.Fit(_s.Pipeline(trialContext), fold.TrainSet, fold.TestSet, i == 0 ? progress : null, token);
            token.ThrowIfCancellationRequested();
            double metric = _s.Metric.Evaluate(trialContext.Context, model.Transform(fold.TestSet));
            sum += metric;
            double loss = _s.Metric.ToLoss(metric);
            if (best is null || loss < bestLoss)
            {
                best = model;
                bestLoss = loss;
            }
        }

        return (best!, sum / _s.Folds.Count);
    }

    /// <summary>Tells the tuner about trials finished elsewhere (earlier runs, other workers and processes).</summary>
    private void Sync()
    {
        IReadOnlyList<TrialRecord> trials = _s.Store.GetTrials(_s.Study);
        foreach (TrialRecord t in trials)
        {
            if (!t.IsFinished)
            {
                continue;
            }

            lock (_tunerLock)
            {
                if (_seen.Contains(t.TrialId))
                {
                    continue;
                }
            }

            Learn(new TrialResult
            {
                TrialSettings = new TrialSettings { TrialId = t.TrialId, Parameters = _s.Space.ParseParameter(t.ParametersJson), Seed = t.Seed },
                Status = t.Status,
                Loss = t.Loss ?? double.NaN,
                Metric = t.Metric ?? double.NaN,
                DurationInMilliseconds = t.DurationInMilliseconds ?? 0,
                PeakMemoryInMegaByte = t.PeakMemoryInMegaByte ?? 0,
                Curve = t.Curve,
                Error = t.Error,
            }, own: false);
        }
    }

    /// <summary>Updates the tuner and the best trial; true when <paramref name="result"/> became the best.</summary>
    private bool Learn(TrialResult result, bool own)
    {
        lock (_tunerLock)
        {
            if (!own && !_seen.Add(result.TrialSettings.TrialId))
            {
                return false;
            }

            _seen.Add(result.TrialSettings.TrialId);
            _s.Tuner.Update(result);
            if (result.Status != TrialStatus.Completed || !double.IsFinite(result.Loss))
            {
                return false;
            }

            bool better = _best is null || result.Loss < _best.Loss || (result.Loss == _best.Loss && result.TrialSettings.TrialId < _best.TrialSettings.TrialId)
                || (own && !_bestIsOwn && result.TrialSettings.TrialId == _best.TrialSettings.TrialId);
            if (better)
            {
                _best = result;
                _bestIsOwn = own;
            }

            return better;
        }
    }

    private void Report(Action<IMonitor> report)
    {
        if (_s.Monitor is { } monitor)
        {
            lock (_monitorLock)
            {
                report(monitor);
            }
        }
    }

    private static double MemoryMb() => GC.GetTotalMemory(false) / (1024.0 * 1024.0);

    internal sealed record Setup(
        AutoMLExperimentSettings Settings,
        int Seed,
        string Study,
        ITrialStore Store,
        SearchSpace Space,
        ITuner Tuner,
        Func<TrialContext, IEstimator<ITransformer>> Pipeline,
        MetricSpec Metric,
        IMonitor? Monitor,
        IDataView Train,
        IDataView? Validation,
        IReadOnlyList<DataOperationsCatalog.TrainTestData>? Folds);
}
