namespace MLNetDeep.Trainers;

using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Training;
using MLNetDeep.Onnx;
using MLNetDeep.Scoring;
using MLNetDeep.Trainers.Knobs;

/// <summary>
/// What the three feed-forward trainers share: input checks before any training, reading the data into the engine's
/// batch matrix, building, initializing and training the network, writing it as ONNX with its training record, and
/// fitting the scoring chain of stock ML.NET transformers that is the trained model.
/// </summary>
/// <remarks>
/// The fitted model is a <see cref="TransformerChain{TLastTransformer}"/> of ML.NET's <c>OnnxTransformer</c> and small
/// stateless output mappings, so <c>mlContext.Model.Save/Load</c>, prediction engines, evaluators and every other ML.NET
/// component use it like their own. Dispose it when done: ML.NET keeps the ONNX graph in a temporary file until then.
/// Training reads the feature column into one float32 matrix [rows, features]; when that matrix is 64 MiB or more it is
/// handed back to the system (an aggressive garbage collection) before the scoring chain is built.
/// </remarks>
public abstract partial class FeedForwardTrainerBase : IEstimator<TransformerChain<ITransformer>>
{
    private protected FeedForwardTrainerBase(FeedForwardTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        BaseOptions = options;
    }

    private protected FeedForwardTrainerOptions BaseOptions { get; }

    private protected abstract FeedForwardTask Task { get; }

    private protected string TrainerName => GetType().Name;

    /// <summary>Where warnings go: the MLContext's environment of the catalog that made the trainer (its <c>Log</c>).</summary>
    internal IChannelProvider? Log { get; set; }

    /// <summary>Trains the network on <paramref name="input"/> and returns the fitted model.</summary>
    /// <param name="input">Training data with the feature, label and (optional) weight columns.</param>
    public TransformerChain<ITransformer> Fit(IDataView input) => Fit(input, null, CancellationToken.None);

    /// <summary>
    /// Trains on <paramref name="trainData"/>, validating on <paramref name="validationData"/> after every epoch (the
    /// validation loss drives early stopping and the history's validation curves; <c>ValidationFraction</c> is ignored).
    /// </summary>
    /// <param name="trainData">Training data.</param>
    /// <param name="validationData">Validation data with the same columns, or null.</param>
    public TransformerChain<ITransformer> Fit(IDataView trainData, IDataView? validationData) => Fit(trainData, validationData, CancellationToken.None);

    /// <summary>As <see cref="Fit(IDataView, IDataView)"/>, honouring <paramref name="cancellationToken"/> within one mini-batch.</summary>
    /// <param name="trainData">Training data.</param>
    /// <param name="validationData">Validation data with the same columns, or null.</param>
    /// <param name="cancellationToken">Cancels training; <see cref="OperationCanceledException"/> is thrown within one mini-batch.</param>
    public TransformerChain<ITransformer> Fit(IDataView trainData, IDataView? validationData, CancellationToken cancellationToken) =>
        Fit(trainData, validationData, null, cancellationToken);

    /// <summary>
    /// Continues training the network of a fitted model on <paramref name="trainData"/> (ML.NET's "re-train a model":
    /// <c>trainer.Fit(newData, ml.Model.GetFeedForwardPredictionTransformer(model))</c>): the network starts from the
    /// model's weights (batch norm's scale, shift and running statistics too) instead of fresh ones, and the options
    /// train it as usual, every epoch from 1 with a fresh optimizer state (Adam's moments start at zero) and the seed's
    /// shuffles and dropout masks. The model decides the architecture: <see cref="Knobs.FeedForwardKnobs.Architecture"/>
    /// options that differ from its own, another task, another feature count or other classes are refused. A regression
    /// model's label scaling is kept. The new model's record keeps the initial model's epochs and its earlier runs'
    /// (<see cref="FeedForwardModelInfo.EarlierRuns"/>: one epoch axis across runs). The result is a new model;
    /// <paramref name="initialModel"/> is not changed. <see cref="Continue"/> does the same for a whole pipeline on raw rows.
    /// </summary>
    /// <param name="trainData">Training data, featurized as the initial model's was (the same feature vector; for multiclass the same label keys).</param>
    /// <param name="initialModel">The network of a fitted or loaded model: <c>ml.Model.GetFeedForwardPredictionTransformer(model)</c>.</param>
    /// <exception cref="ArgumentException">The initial model does not fit this trainer or the data (the message names what differs and both values), or it has batch norm and was written before MLNetDeep recorded batch-norm parameters.</exception>
    /// <exception cref="InvalidDataException">The model's graph or its recorded batch-norm parameters do not hold the network; the message names the layer.</exception>
    public TransformerChain<ITransformer> Fit(IDataView trainData, FeedForwardPredictionTransformer initialModel) =>
        Fit(trainData, null, initialModel ?? throw new ArgumentNullException(nameof(initialModel)), CancellationToken.None);

    /// <summary>
    /// <see cref="Fit(IDataView, FeedForwardPredictionTransformer)"/> with validation data and cancellation: with a null
    /// <paramref name="initialModel"/> it is <see cref="Fit(IDataView, IDataView, CancellationToken)"/>.
    /// </summary>
    /// <param name="trainData">Training data.</param>
    /// <param name="validationData">Validation data with the same columns, or null.</param>
    /// <param name="initialModel">The network to continue from, or null to train a fresh one.</param>
    /// <param name="cancellationToken">Cancels training; <see cref="OperationCanceledException"/> is thrown within one mini-batch.</param>
    public TransformerChain<ITransformer> Fit(IDataView trainData, IDataView? validationData, FeedForwardPredictionTransformer? initialModel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trainData);
        FeedForwardTrainerOptions o = BaseOptions;
        InitialNetwork? initial = initialModel is null ? null : InitialNetwork.Open(initialModel, Task, o, TrainerName);
        WarnUnused(validationData is not null);
        if (initial is not null && o.Initializer is not null)
        {
            Warn($"Initializer = {o.Initializer.Name} is not used: the weights come from the initial model.");
        }

        CheckInputs(trainData.Schema, "training data");
        if (validationData is not null)
        {
            CheckInputs(validationData.Schema, "validation data");
        }

        DataViewSchema.Column label = trainData.Schema[o.LabelColumnName];
        initial?.CheckData(((VectorDataViewType)trainData.Schema[o.FeatureColumnName].Type).Size,
            ClassNamesOf(label), o.FeatureColumnName, o.LabelColumnName, TrainerName);
        (Network network, FeedForwardModelInfo info, LabelScaling scaling, long matrixBytes) = Train(trainData, validationData, label, initial, cancellationToken);
        if (matrixBytes >= ReleaseThresholdBytes)
        {
            // The batch matrix became garbage when Train returned; ONNX Runtime and ML.NET load next. An aggressive
            // collection returns its pages to the system, so the process's peak memory stays training's (Fashion-MNIST
            // through a pipeline: 375 MB peak without it, 298 MB with it; bench/README.md).
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }

        byte[] onnx = OnnxExport.ToOnnx(network, new OnnxExportOptions
        {
            InputName = o.FeatureColumnName,
            Head = Task switch
            {
                FeedForwardTask.BinaryClassification => OnnxHead.Binary,
                FeedForwardTask.MulticlassClassification => OnnxHead.Multiclass,
                _ => OnnxHead.Regression,
            },
            ScoreSlotNames = info.ClassNames.Count > 0 ? info.ClassNames : null,
            TargetScale = (float)scaling.StandardDeviation,
            TargetOffset = (float)scaling.Mean,
            ProducerVersion = LibraryInfo.Version,
            TrainingRecord = info.ToJson(),
            MetadataProps = InitialNetwork.Metadata(network),
        });
        return ScoringChain.Build(onnx, Task, o.FeatureColumnName, Task == FeedForwardTask.MulticlassClassification ? label : null, trainData.Schema);
    }

    /// <summary>
    /// A warning on the context's log for each option set that the other options make irrelevant
    /// (<see cref="FeedForwardKnob.Unused"/>), and for <c>ValidationFraction</c> when validation data is given.
    /// </summary>
    private void WarnUnused(bool hasValidationData)
    {
        foreach (FeedForwardKnob knob in FeedForwardKnobs.All)
        {
            if (knob.Unused(BaseOptions, k => k.Name) is string why)
            {
                Warn($"{knob.Name} = {knob.Format(BaseOptions)} is not used: {why}.");
            }
        }

        if (hasValidationData && BaseOptions.ValidationFraction > 0f)
        {
            Warn(FormattableString.Invariant($"ValidationFraction = {BaseOptions.ValidationFraction} is not used: validation data was given to Fit."));
        }
    }

    /// <summary>A warning on the context's log (<see cref="Log"/>), as ML.NET's trainers write theirs; nothing without a log.</summary>
    private void Warn(string message)
    {
        if (Log is { } log)
        {
            using IChannel channel = log.Start(TrainerName);
            channel.Warning(MessageSensitivity.None, "{0}", message);
        }
    }

    /// <summary>Training matrices at least this large are released before the scoring chain is built: 64 MiB.</summary>
    private const long ReleaseThresholdBytes = 64L << 20;

    /// <summary>Reads the data into the engine's batch matrix, trains the network and describes the run.</summary>
    private (Network Network, FeedForwardModelInfo Info, LabelScaling Scaling, long MatrixBytes) Train(IDataView trainData, IDataView? validationData,
        DataViewSchema.Column label, InitialNetwork? initial, CancellationToken cancellationToken)
    {
        FeedForwardTrainerOptions o = BaseOptions;
        int outputs = OutputCount(label);
        ExampleSet train = Read(trainData, "training data");
        ExampleSet? validation = validationData is null ? null : Read(validationData, "validation data");
        LabelScaling scaling = PrepareLabels(train, validation,
            initial?.Info is { LabelMean: double mean, LabelStandardDeviation: double std } ? new LabelScaling(true, mean, std) : null);
        Network network = o.ToArchitecture().Build(train.FeatureCount, outputs);
        network.Initialize(o.Seed);
        initial?.Restore(network, (float)scaling.StandardDeviation, (float)scaling.Mean);
        Loss loss = CreateLoss();
        IReadOnlyList<string> classNames = ClassNamesOf(label);
        TrainingOptions training = o.ToTrainingOptions(validation is not null) with
        {
            ClassWeights = ClassWeightsFor(train, classNames),
        };
        INetworkTrainer trainer = o.Backend.CreateTrainer(network, loss, training);
        if (o.Progress is { } progress)
        {
            trainer.EpochCompleted += (_, e) => progress(e.Record);
        }

        TrainingResult result = training.CheckpointPath is string checkpoint && o.ResumeFromCheckpoint && File.Exists(checkpoint)
            ? trainer.Resume(checkpoint, train, validation, cancellationToken)
            : trainer.Fit(train, validation, cancellationToken);

        long validationRows = validation?.Count ?? TrainingOptions.HeldOutRows(train.Count, training.ValidationFraction);
        long trainingRows = validation is null ? train.Count - validationRows : train.Count;
        IReadOnlyDictionary<string, string> options = FeedForwardKnobs.Describe(o);
        var info = new FeedForwardModelInfo(Task, o.FeatureColumnName, o.LabelColumnName, network.InputSize, network.OutputSize, classNames,
            network.Layers.Select(l => l.DisplayName).ToArray(), network.ParameterCount, options, result.History, result.BestEpoch,
            result.StoppedEarly, loss.Name, result.MetricName, trainingRows, validationRows, scaling.Standardized ? scaling.Mean : null,
            scaling.Standardized ? scaling.StandardDeviation : null, o.Backend.Specification, LibraryInfo.Version, FeedForwardModelInfo.Continuing(initial?.Info, options))
        {
            ClassWeights = training.ClassWeights?.Select((w, c) => KeyValuePair.Create(classNames.Count > 0 ? classNames[c] : c == 1 ? "true" : "false", w)).ToArray(),
        };
        long matrixBytes = ((long)train.Features.Length + (validation?.Features.Length ?? 0)) * sizeof(float);
        return (network, info, scaling, matrixBytes);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        CheckInputs(inputSchema, "input data");
        return OutputShapes.Add(inputSchema, Task, BaseOptions.LabelColumnName);
    }

    private void CheckInputs(DataViewSchema schema, string what) =>
        CheckInputs(name => schema.GetColumnOrNull(name) is { IsHidden: false } c ? ColumnShape.Of(c) : null, schema.Where(c => !c.IsHidden).Select(c => c.Name), what);

    private void CheckInputs(SchemaShape schema, string what) =>
        CheckInputs(name => schema.FirstOrDefault(c => c.Name == name) is { Name: not null } c ? ColumnShape.Of(c) : null, schema.Select(c => c.Name), what);

    private void CheckInputs(Func<string, ColumnShape?> find, IEnumerable<string> names, string what)
    {
        FeedForwardTrainerOptions o = BaseOptions;
        if (o.FeatureColumnName is OnnxContract.ScoreOutput or OnnxContract.ProbabilityOutput)
        {
            throw new ArgumentException($"{TrainerName}: the feature column may not be named '{o.FeatureColumnName}', one of the trainer's output columns. Copy it to another name first (ml.Transforms.CopyColumns).");
        }

        ColumnShape Find(string name, string role) => find(name) ?? throw new ArgumentOutOfRangeException(name,
            $"{TrainerName}: the {role} column '{name}' is not in the {what}. Columns: {string.Join(", ", names)}.");

        ColumnShape features = Find(o.FeatureColumnName, "feature");
        if (features.Kind != SchemaShape.Column.VectorKind.Vector || features.ItemType != NumberDataViewType.Single || features.IsKey)
        {
            throw new ArgumentException($"{TrainerName}: the feature column '{o.FeatureColumnName}' of the {what} must be a known-size vector of Single; found {features}. Build it with ml.Transforms.Concatenate (and [VectorType(n)] on POCO arrays).");
        }

        CheckLabel(Find(o.LabelColumnName, "label"), what);
        if (o.ExampleWeightColumnName is string weightColumn)
        {
            ColumnShape weight = Find(weightColumn, "example weight");
            if (weight.Kind != SchemaShape.Column.VectorKind.Scalar || weight.ItemType != NumberDataViewType.Single || weight.IsKey)
            {
                throw new ArgumentException($"{TrainerName}: the example weight column '{weightColumn}' of the {what} must be Single; found {weight}.");
            }
        }
    }

    /// <summary>
    /// Reads <paramref name="data"/>, skipping rows whose label is missing as ML.NET's trainers do, with a warning on the
    /// context's log saying how many; no row left is an error naming the label column.
    /// </summary>
    private ExampleSet Read(IDataView data, string what)
    {
        FeedForwardTrainerOptions o = BaseOptions;
        int outputs = OutputCount(data.Schema[o.LabelColumnName]);
        var (examples, skipped) = TrainingDataReader.Read(data, what, o.FeatureColumnName, o.LabelColumnName, o.ExampleWeightColumnName,
            (row, label) => LabelReader(row, label, outputs, what));
        if (examples.Count == 0)
        {
            throw new ArgumentException($"{TrainerName}: the {what} has no rows with a label in column '{o.LabelColumnName}'"
                + (skipped > 0 ? $": all {skipped} rows have a missing label." : "."), what == "training data" ? "trainData" : "validationData");
        }

        if (skipped > 0)
        {
            Warn($"Skipped {skipped} of {skipped + examples.Count} rows of the {what} with a missing label in column '{o.LabelColumnName}'.");
        }

        return examples;
    }

    /// <summary>Multiclass: the label's class names (<see cref="ClassLookup.ClassNames"/>); otherwise empty.</summary>
    private IReadOnlyList<string> ClassNamesOf(DataViewSchema.Column label) => Task == FeedForwardTask.MulticlassClassification ? ClassLookup.ClassNames(label) : [];

    /// <summary>
    /// The classifier's class weights for the rows of <paramref name="train"/> (<see cref="ClassWeights.For"/>) over
    /// <paramref name="classNames"/> (<see cref="ClassNamesOf"/>; a binary label's are false and true); null without.
    /// </summary>
    private float[]? ClassWeightsFor(ExampleSet train, IReadOnlyList<string> classNames) => (BaseOptions as FeedForwardClassifierOptions)?.ClassWeights?.For(train.Targets,
        classNames.Count > 0 ? classNames : ["false", "true"], BaseOptions.LabelColumnName);

    /// <summary>
    /// The regression trainer standardizes its label here (targets changed in place), by <paramref name="initial"/> when
    /// continuing a model that was trained so; the classifiers keep theirs.
    /// </summary>
    private protected virtual LabelScaling PrepareLabels(ExampleSet train, ExampleSet? validation, LabelScaling? initial) => LabelScaling.None;

    /// <summary>Throws unless the label column has the task's type; the message names the column, the type found and the type expected.</summary>
    private protected abstract void CheckLabel(ColumnShape label, string what);

    /// <summary>A reader of the current row's label as the loss's target (false when the label is missing).</summary>
    private protected abstract TrainingDataReader.LabelGetter LabelReader(DataViewRow row, DataViewSchema.Column label, int outputs, string what);

    /// <summary>The number of network outputs.</summary>
    private protected abstract int OutputCount(DataViewSchema.Column label);

    private protected abstract Loss CreateLoss();

    /// <summary>How the network's output maps back to the label: y = output * StandardDeviation + Mean.</summary>
    private protected readonly record struct LabelScaling(bool Standardized, double Mean, double StandardDeviation)
    {
        public static LabelScaling None => new(false, 0, 1);
    }
}
