namespace MLNetDeep.Neural.Training;

using System.Runtime.InteropServices;
using System.Text;
using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Optimizers;

/// <summary>
/// Reads and writes training checkpoints: the network's weights and state, the optimizer's state, the schedule's state,
/// early-stopping state and the history, so that a resumed run ends bit-identical to an uninterrupted one.
/// </summary>
/// <remarks>
/// Binary, little-endian: magic <c>MLNDCKPT</c>, format version, a fingerprint (seed, batch size, optimizer, every
/// array's length), the state, then an end marker that detects truncation. Written to <c>path.tmp</c> and renamed over
/// <c>path</c>, so an existing checkpoint is never left half-written.
/// </remarks>
internal static class Checkpoint
{
    private const string Magic = "MLNDCKPT";
    private const string EndMarker = "MLNDEND!";
    private const int FormatVersion = 1;

    public static void Save(string path, Network network, Optimizer optimizer, TrainingState state, TrainingOptions options)
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
            float[][] weights = network.WeightArrays().ToArray();
            WriteArrays(w, weights);

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

    public static TrainingState Load(string path, Network network, Optimizer optimizer, TrainingOptions options)
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
            if (version != FormatVersion)
            {
                throw Bad(full, $"its format version is {version}; this build reads version {FormatVersion}");
            }

            Expect(full, "seed", r.ReadInt64(), options.Seed);
            Expect(full, "batch size", r.ReadInt32(), options.BatchSize);
            Expect(full, "optimizer", (OptimizerKind)r.ReadInt32(), optimizer.Options.Kind);
            float[][] weights = network.WeightArrays().ToArray();
            float[][] saved = ReadArrays(r, full, "network weights", weights.Select(a => a.Length).ToArray());
            var state = new TrainingState { CompletedEpochs = r.ReadInt32() };
            int historyCount = r.ReadInt32();
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
                state.History.Add(new EpochRecord(epoch, loss, metric, hasValidation ? vLoss : null, hasValidation ? vMetric : null, lr, seconds));
            }

            state.BestLoss = r.ReadDouble();
            state.BestEpoch = r.ReadInt32();
            state.Wait = r.ReadInt32();
            if (r.ReadBoolean())
            {
                state.BestWeights = ReadArrays(r, full, "best weights", weights.Select(a => a.Length).ToArray());
            }

            state.Schedule.Factor = r.ReadDouble();
            state.Schedule.Best = r.ReadDouble();
            state.Schedule.Wait = r.ReadInt32();

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

        if (count < 0 || count > 1_000_000)
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

    private static InvalidDataException Bad(string path, string why) => new($"Cannot resume from checkpoint '{path}': {why}.");
}
