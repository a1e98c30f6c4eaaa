namespace MLNetDeep.Legacy.Trainers;

using System.Diagnostics;
using MLNetDeep.Legacy.Data;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Training;

/// <summary>
/// The plumbing the three feed-forward trainers share: schema checks before training, reading the data into memory,
/// building and initializing the network, training it with the engine, and wrapping the result in a prediction transformer.
/// </summary>
/// <typeparam name="TTransformer">The prediction transformer the trainer returns.</typeparam>
public abstract class FeedForwardTrainerBase<TTransformer> : IEstimator<TTransformer>, IObservableTrainer
    where TTransformer : class, ITransformer
{
    private readonly DeepContext _context;
    private readonly FeedForwardTrainerOptions _options;

    private protected FeedForwardTrainerBase(DeepContext context, FeedForwardTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _context = context;
        _options = options;
    }

    private protected abstract string TrainerName { get; }

    /// <summary>Fits the network: checks the schema, reads the data, trains, and returns the prediction transformer.</summary>
    /// <param name="input">Training data with the feature, label and (optional) weight columns.</param>
    public TTransformer Fit(IDataView input) => Fit(input, CancellationToken.None);

    /// <summary>As <see cref="Fit(IDataView)"/>, honouring <paramref name="cancellationToken"/> within one mini-batch.</summary>
    public TTransformer Fit(IDataView input, CancellationToken cancellationToken) => Fit(input, _options, cancellationToken);

    /// <inheritdoc/>
    ITransformer IObservableTrainer.Fit(IDataView input, IDataView? validationSet, Action<EpochRecord>? progress, CancellationToken cancellationToken)
    {
        Action<EpochRecord>? own = _options.Progress;
        FeedForwardTrainerOptions o = _options with
        {
            ValidationSet = validationSet ?? _options.ValidationSet,
            Progress = progress is null ? own : r =>
            {
                own?.Invoke(r);
                progress(r);
            },
        };
        return Fit(input, o, cancellationToken);
    }

    private TTransformer Fit(IDataView input, FeedForwardTrainerOptions o, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(SchemaShape.Create(input.Schema));
        if (o.ValidationSet is not null)
        {
            CheckInputs(SchemaShape.Create(o.ValidationSet.Schema), "validation data");
        }

        DataViewSchema.Column labelColumn = input.Schema[o.LabelColumnName];
        var (train, skipped) = Read(input);
        if (skipped > 0)
        {
            _context.WriteLog(TrainerName, $"Skipped {skipped} training rows with a missing label.");
        }

        if (train.Count == 0)
        {
            throw new ArgumentException($"The training data has no rows with a label in column '{o.LabelColumnName}'.", nameof(input));
        }

        ExampleSet? validation = o.ValidationSet is null ? null : Read(o.ValidationSet).Examples;
        long seed = o.Seed ?? _context.Seed;
        int outputs = OutputCount(labelColumn);
        Network network = o.ToArchitecture().Build(train.FeatureCount, outputs);
        network.Initialize(seed);
        Loss loss = CreateLoss();
        TrainingOptions training = o.ToTrainingOptions(seed);
        var trainer = new NetworkTrainer(network, loss, training);
        trainer.EpochCompleted += (_, e) =>
        {
            EpochRecord r = e.Record;
            _context.WriteLog(TrainerName, FormattableString.Invariant(
                $"epoch {r.Epoch}/{e.TotalEpochs}: loss {r.Loss:G5}, {loss.MetricName} {r.Metric:G5}{(r.ValidationLoss is double vl ? $", validation loss {vl:G5}, validation {loss.MetricName} {r.ValidationMetric:G5}" : "")}, learning rate {r.LearningRate:G4}, {r.Seconds:F2}s"));
            o.Progress?.Invoke(r);
        };

        var clock = Stopwatch.StartNew();
        TrainingResult result = training.CheckpointPath is string ckpt && o.ResumeFromCheckpoint && File.Exists(ckpt)
            ? trainer.Resume(ckpt, train, validation, cancellationToken)
            : trainer.Fit(train, validation, cancellationToken);
        network.Threads = 1;
        var model = new FeedForwardModelParameters(network, result.History, result.BestEpoch, clock.Elapsed.TotalSeconds, loss.Name);
        return CreateTransformer(model, labelColumn);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        CheckInputs(inputSchema, "training data");
        return inputSchema.With(OutputColumns(inputSchema.FindColumn(_options.LabelColumnName)!.Value));
    }

    private void CheckInputs(SchemaShape schema, string what)
    {
        FeedForwardTrainerOptions o = _options;
        SchemaShape.Column features = Find(schema, o.FeatureColumnName, "feature", what);
        if (features.Kind != SchemaShape.VectorKind.Vector || features.ItemType != NumberDataViewType.Single || features.IsKey)
        {
            throw new ArgumentException($"{TrainerName}: the feature column '{o.FeatureColumnName}' of the {what} must be a known-size vector of Single; found {features.Describe()}. Use Concatenate to build it (and [VectorType(n)] on POCO arrays).");
        }

        CheckLabel(Find(schema, o.LabelColumnName, "label", what), what);
        if (o.ExampleWeightColumnName is string wc)
        {
            SchemaShape.Column weight = Find(schema, wc, "example weight", what);
            if (weight.Kind != SchemaShape.VectorKind.Scalar || weight.ItemType != NumberDataViewType.Single)
            {
                throw new ArgumentException($"{TrainerName}: the example weight column '{wc}' of the {what} must be Single; found {weight.Describe()}.");
            }
        }
    }

    private SchemaShape.Column Find(SchemaShape schema, string name, string role, string what) =>
        schema.FindColumn(name) ?? throw new ArgumentException(
            $"{TrainerName}: the {role} column '{name}' is not in the {what}. Columns: {string.Join(", ", schema.Select(c => c.Name))}.");

    private (ExampleSet Examples, long Skipped) Read(IDataView data) =>
        TrainingDataReader.Read(data, _options.FeatureColumnName, _options.LabelColumnName, _options.ExampleWeightColumnName, LabelReader);

    /// <summary>The training-time name of the trainer for messages.</summary>
    private protected string Name => TrainerName;

    /// <summary>Throws unless the label column has the task's type.</summary>
    private protected abstract void CheckLabel(SchemaShape.Column label, string what);

    /// <summary>A reader of the current row's label as the loss's target, or null when the label is missing.</summary>
    private protected abstract Func<float?> LabelReader(DataViewRow row, DataViewSchema.Column label);

    /// <summary>The number of network outputs.</summary>
    private protected abstract int OutputCount(DataViewSchema.Column label);

    private protected abstract Loss CreateLoss();

    private protected abstract SchemaShape.Column[] OutputColumns(SchemaShape.Column label);

    private protected abstract TTransformer CreateTransformer(FeedForwardModelParameters model, DataViewSchema.Column label);
}
