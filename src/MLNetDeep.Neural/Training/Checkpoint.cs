namespace MLNetDeep.Neural.Training;

using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Losses;
using MLNetDeep.Neural.Optimizers;

/// <summary>
/// Reads and writes training checkpoints: the network's weights and state, the optimizer's state, the schedule's state,
/// early-stopping state and the history, so that a resumed run ends bit-identical to an uninterrupted one.
/// </summary>
/// <remarks>
/// Binary, little-endian: magic <c>MLNDCKPT</c>, format version, a fingerprint (seed, batch size, optimizer and, from
/// version 3, the loss's name, so a checkpoint of another task is refused even when the layers match; from version 4,
/// a fingerprint of the weights the run started from and the options that decide its course (learning rate,
/// optimizer settings, schedule, L2, clipping, validation fraction, early stopping, shuffling, class weights), so that
/// the ML.NET trainers refuse a checkpoint of another run, such as one continued from another initial model or with
/// another learning rate: <see cref="TrainingOptions.ResumeOnlySameRun"/>; from version 5, the training time so far, so
/// a resumed run's time counts its earlier processes': <see cref="EpochRecord.TrainingSeconds"/>), the
/// network as its layers describe themselves (<see cref="LayerSpec"/>: kind, version, settings, then each named tensor
/// with its shape and values, the tensors the ONNX exporter writes as initializers), the training state, then an end
/// marker that detects truncation. Loading hands each saved layer to the layer to read (<see cref="Layer.ReadSaved"/>),
/// so a mismatch is reported by layer, setting or tensor. Written to <c>path.tmp</c> and renamed over <c>path</c>, so an
/// existing checkpoint is never left half-written.
/// </remarks>
internal static class Checkpoint
{
    private const string Magic = "MLNDCKPT";
    private const string EndMarker = "MLNDEND!";
    private const int FormatVersion = 5;

    /// <summary>The oldest format this build reads: version 2 lacks the loss name, so its task is not checked.</summary>
    private const int OldestReadableVersion = 2;
    private const int MaxCount = 1_000_000;

    public static void Save(string path, Network network, Loss loss, Optimizer optimizer, TrainingState state, TrainingOptions options)
    {
        string full = Path.GetFullPath(path);
        string? folder = Path.GetDirectoryName(full);
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        string temp = full + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var w = new BinaryWriter(stream, Encoding.UTF8))
        {
            w.Write(Encoding.ASCII.GetBytes(Magic));
            w.Write(FormatVersion);
            w.Write(options.Seed);
            w.Write(options.BatchSize);
            w.Write((int)optimizer.Options.Kind);
            w.Write(loss.Name);
            w.Write(state.StartWeights);
            (string Name, string Value)[] course = Course(options);
            w.Write(course.Length);
            foreach (var (name, value) in course)
            {
                w.Write(name);
                w.Write(value);
            }

            w.Write(state.Seconds);
            WriteLayers(w, network.Describe());

            WriteState(w, state);
            w.Write(optimizer.StepCount);
            float[][][] opt = optimizer.State;
            w.Write(opt.Length);
            foreach (float[][] perParameter in opt)
            {
                WriteArrays(w, perParameter);
            }

            w.Write(Encoding.ASCII.GetBytes(EndMarker));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, full, overwrite: true);
    }

    public static TrainingState Load(string path, Network network, Loss loss, Optimizer optimizer, TrainingOptions options)
    {
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"Checkpoint '{full}' does not exist.", full);
        }

        try
        {
            using var stream = File.OpenRead(full);
            using var r = new BinaryReader(stream, Encoding.UTF8);
            if (Encoding.ASCII.GetString(r.ReadBytes(Magic.Length)) != Magic)
            {
                throw Bad(full, "it is not an MLNetDeep checkpoint (wrong magic bytes)");
            }

            int version = r.ReadInt32();
            if (version is < OldestReadableVersion or > FormatVersion)
            {
                throw Bad(full, $"its format version is {version}; this build reads version {OldestReadableVersion} to {FormatVersion}");
            }

            Expect(full, "seed", r.ReadInt64(), options.Seed);
            Expect(full, "batch size", r.ReadInt32(), options.BatchSize);
            Expect(full, "optimizer", (OptimizerKind)r.ReadInt32(), optimizer.Options.Kind);
            if (version >= 3 && r.ReadString() is string savedLoss && savedLoss != loss.Name)
            {
                throw Bad(full, $"it was written with loss {savedLoss}, but this run uses {loss.Name} (a checkpoint of another task)");
            }

            long? startWeights = version >= 4 ? r.ReadInt64() : null;
            var course = new List<(string Name, string Value)>();
            for (int i = version >= 4 ? ReadCount(r, full, "training options") : 0; i > 0; i--)
            {
                course.Add((r.ReadString(), r.ReadString()));
            }

            double? seconds = version >= 5 ? r.ReadDouble() : null;
            List<LayerSpec> layers = ReadLayers(r, full);
            float[][] saved;
            try
            {
                saved = network.ReadSaved(layers);
            }
            catch (InvalidDataException e)
            {
                throw Bad(full, e.Message);
            }

            // The network holds the weights this run starts from: fresh ones (seed, initializer) or an initial model's.
            if (options.ResumeOnlySameRun && startWeights is long start && start != Fingerprint(network))
            {
                throw Bad(full, "it is of a run that started from other weights (another initial model, or fresh weights of another initializer); "
                    + "give the initial model and options of the run that wrote it, or another checkpoint folder");
            }

            if (options.ResumeOnlySameRun && course.Except(Course(options)).FirstOrDefault() is (string what, string value))
            {
                throw Bad(full, $"it was written with {what} {value}, but this run uses {Course(options).FirstOrDefault(c => c.Name == what).Value ?? "none"}");
            }

            TrainingState state = ReadState(r, full, network);
            state.StartWeights = startWeights ?? state.StartWeights;
            state.EarlierSeconds = seconds ?? state.History.Sum(h => h.Seconds); // before version 5: the epochs' own times
            if (state.CompletedEpochs > options.NumberOfEpochs)
            {
                throw Bad(full, $"it has {state.CompletedEpochs} epochs done, more than the {options.NumberOfEpochs} epochs of this run (NumberOfEpochs); give at least {state.CompletedEpochs}");
            }

            long steps = r.ReadInt64();
            int optCount = r.ReadInt32();
            if (optCount != 0 && optCount != network.Parameters.Count)
            {
                throw Bad(full, $"it holds optimizer state for {optCount} parameters; the network has {network.Parameters.Count}");
            }

            var optState = new float[optCount][][];
            for (int i = 0; i < optCount; i++)
            {
                optState[i] = ReadArrays(r, full, "optimizer state", null);
            }

            if (Encoding.ASCII.GetString(r.ReadBytes(EndMarker.Length)) != EndMarker)
            {
                throw Bad(full, "it is truncated or corrupted (end marker missing)");
            }

            network.RestoreWeights(saved);
            optimizer.Restore(steps, optState);
            return state;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"Checkpoint '{full}' is truncated: it ended before all of its contents were read.", e);
        }
    }

    /// <summary>The run's state: epochs done, the history, early stopping (with the best epoch's weights) and the schedule.</summary>
    private static void WriteState(BinaryWriter w, TrainingState state)
    {
        w.Write(state.CompletedEpochs);
        w.Write(state.History.Count);
        foreach (EpochRecord r in state.History)
        {
            w.Write(r.Epoch);
            w.Write(r.Loss);
            w.Write(r.Metric);
            w.Write(r.ValidationLoss ?? double.NaN);
            w.Write(r.ValidationMetric ?? double.NaN);
            w.Write(r.ValidationLoss.HasValue);
            w.Write(r.LearningRate);
            w.Write(r.Seconds);
        }

        w.Write(state.BestLoss);
        w.Write(state.BestEpoch);
        w.Write(state.Wait);
        w.Write(state.BestWeights is not null);
        if (state.BestWeights is not null)
        {
            WriteArrays(w, state.BestWeights);
        }

        w.Write(state.Schedule.Factor);
        w.Write(state.Schedule.Best);
        w.Write(state.Schedule.Wait);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote; the best weights must have <paramref name="network"/>'s array lengths.</summary>
    private static TrainingState ReadState(BinaryReader r, string path, Network network)
    {
        var state = new TrainingState(network) { CompletedEpochs = r.ReadInt32() };
        int historyCount = ReadCount(r, path, "history records");
        for (int i = 0; i < historyCount; i++)
        {
            int epoch = r.ReadInt32();
            double loss = r.ReadDouble();
            double metric = r.ReadDouble();
            double vLoss = r.ReadDouble();
            double vMetric = r.ReadDouble();
            bool hasValidation = r.ReadBoolean();
            double lr = r.ReadDouble();
            double seconds = r.ReadDouble();
            state.History.Add(new EpochRecord(epoch, loss, metric, hasValidation ? vLoss : null, hasValidation ? vMetric : null, lr, seconds)
            {
                TrainingSeconds = seconds + (i > 0 ? state.History[^1].TrainingSeconds : 0),
            });
        }

        state.BestLoss = r.ReadDouble();
        state.BestEpoch = r.ReadInt32();
        state.Wait = r.ReadInt32();
        if (r.ReadBoolean())
        {
            state.BestWeights = ReadArrays(r, path, "best weights", [.. network.WeightArrays().Select(a => a.Length)]);
        }

        state.Schedule.Factor = r.ReadDouble();
        state.Schedule.Best = r.ReadDouble();
        state.Schedule.Wait = r.ReadInt32();
        return state;
    }

    private static void WriteLayers(BinaryWriter w, IReadOnlyList<LayerSpec> layers)
    {
        w.Write(layers.Count);
        foreach (LayerSpec layer in layers)
        {
            w.Write(layer.Kind);
            w.Write(layer.Version);
            w.Write(layer.Settings.Count);
            foreach (KeyValuePair<string, double> setting in layer.Settings.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                w.Write(setting.Key);
                w.Write(setting.Value);
            }

            w.Write(layer.Tensors.Count);
            foreach (LayerTensor tensor in layer.Tensors)
            {
                w.Write(tensor.Name);
                w.Write(tensor.IsState);
                w.Write(tensor.Shape.Count);
                foreach (int d in tensor.Shape)
                {
                    w.Write(d);
                }

                w.Write(MemoryMarshal.AsBytes(tensor.Values.AsSpan()));
            }
        }
    }

    private static List<LayerSpec> ReadLayers(BinaryReader r, string path)
    {
        int count = ReadCount(r, path, "layers");
        var layers = new List<LayerSpec>(count);
        for (int i = 0; i < count; i++)
        {
            string kind = r.ReadString();
            int version = r.ReadInt32();
            int settingCount = ReadCount(r, path, $"settings of layer {i}");
            var settings = new Dictionary<string, double>(settingCount);
            for (int s = 0; s < settingCount; s++)
            {
                string name = r.ReadString();
                if (!settings.TryAdd(name, r.ReadDouble()))
                {
                    throw Bad(path, $"layer {i} ({kind}) has the setting {name} twice");
                }
            }

            int tensorCount = ReadCount(r, path, $"tensors of layer {i}");
            var tensors = new LayerTensor[tensorCount];
            for (int t = 0; t < tensorCount; t++)
            {
                string name = r.ReadString();
                bool isState = r.ReadBoolean();
                int rank = r.ReadInt32();
                if (rank < 1 || rank > 8)
                {
                    throw Bad(path, $"tensor '{name}' of layer {i} ({kind}) claims {rank} dimensions");
                }

                var shape = new int[rank];
                long length = 1;
                for (int d = 0; d < rank; d++)
                {
                    shape[d] = r.ReadInt32();
                    length *= Math.Max(shape[d], 0);
                    if (shape[d] < 1 || length * 4 > r.BaseStream.Length - r.BaseStream.Position)
                    {
                        throw new EndOfStreamException();
                    }
                }

                var values = new float[length];
                r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
                tensors[t] = new LayerTensor(name, shape, values, isState);
            }

            layers.Add(new LayerSpec { Kind = kind, Version = version, Settings = settings, Tensors = tensors });
        }

        return layers;
    }

    private static int ReadCount(BinaryReader r, string path, string what)
    {
        int count = r.ReadInt32();
        if (count < 0 || count > MaxCount)
        {
            throw Bad(path, $"it claims {count} {what}");
        }

        return count;
    }

    private static void WriteArrays(BinaryWriter w, float[][] arrays)
    {
        w.Write(arrays.Length);
        foreach (float[] a in arrays)
        {
            w.Write(a.Length);
            w.Write(MemoryMarshal.AsBytes(a.AsSpan()));
        }
    }

    private static float[][] ReadArrays(BinaryReader r, string path, string what, int[]? expectedLengths)
    {
        int count = r.ReadInt32();
        if (expectedLengths is not null && count != expectedLengths.Length)
        {
            throw Bad(path, $"its {what} have {count} arrays; this network has {expectedLengths.Length}");
        }

        if (count < 0 || count > MaxCount)
        {
            throw Bad(path, $"its {what} claim {count} arrays");
        }

        var arrays = new float[count][];
        for (int i = 0; i < count; i++)
        {
            int length = r.ReadInt32();
            if (expectedLengths is not null && length != expectedLengths[i])
            {
                throw Bad(path, $"array {i} of its {what} has {length} values; this network's has {expectedLengths[i]}");
            }

            if (length < 0 || (long)length * 4 > r.BaseStream.Length - r.BaseStream.Position)
            {
                throw new EndOfStreamException();
            }

            arrays[i] = new float[length];
            r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(arrays[i].AsSpan()));
        }

        return arrays;
    }

    private static void Expect<T>(string path, string what, T found, T expected)
    {
        if (!EqualityComparer<T>.Default.Equals(found, expected))
        {
            throw Bad(path, $"it was written with {what} {found}, but this run uses {expected}");
        }
    }

    /// <summary>The options that decide a run's course besides those checked on their own (seed, batch size, optimizer kind, loss; epochs may grow), as invariant text.</summary>
    private static (string Name, string Value)[] Course(TrainingOptions o)
    {
        static string F(float? v) => v?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";
        OptimizerOptions opt = o.Optimizer;
        return
        [
            ("learning rate", F(o.LearningRate)),
            ("optimizer settings", $"momentum {F(opt.Momentum)}, nesterov {opt.Nesterov}, rmsprop decay {F(opt.RmsPropDecay)}, betas {F(opt.Beta1)} {F(opt.Beta2)}, epsilon {F(opt.Epsilon)}, weight decay {F(opt.EffectiveWeightDecay)}"),
            ("schedule", o.Schedule.Name),
            ("L2 regularization", F(o.L2Regularization)),
            ("gradient clip norm", F(o.GradientClipNorm)),
            ("validation fraction", F(o.ValidationFraction)),
            ("early stopping", o.EarlyStopping is { } es ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"patience {es.Patience}, min delta {es.MinimumDelta}, restore best {es.RestoreBestWeights}") : "none"),
            ("shuffling", o.Shuffle ? "on" : "off"),
            ("class weights", o.ClassWeights is { } w ? string.Join(",", w.Select(c => F(c))) : "none"),
        ];
    }

    /// <summary>A fingerprint of the network's weights and state (the first 8 bytes of their SHA-256).</summary>
    internal static long Fingerprint(Network network)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (float[] values in network.WeightArrays())
        {
            hash.AppendData(MemoryMarshal.AsBytes(values.AsSpan()));
        }

        return BitConverter.ToInt64(hash.GetCurrentHash());
    }

    private static InvalidDataException Bad(string path, string why) => new($"Cannot resume from checkpoint '{path}': {why}.");
}
