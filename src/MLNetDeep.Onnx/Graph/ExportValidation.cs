namespace MLNetDeep.Onnx.Graph;

using global::Onnx;
using MLNetDeep.Neural.Layers;

/// <summary>Checks a network and export options before anything is written; each message names the option and the value.</summary>
internal static class ExportValidation
{
    private static readonly string[] ReservedKeys = [OnnxContract.HeadKey, OnnxContract.GraphContractKey, OnnxContract.TrainingRecordKey];

    /// <summary>Throws <see cref="ArgumentException"/> for a setting the network cannot be exported with.</summary>
    public static void Validate(Network network, OnnxExportOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.InputName))
        {
            throw new ArgumentException($"OnnxExportOptions.InputName is '{options.InputName}'; the graph input needs a name.", nameof(options));
        }

        if (!Enum.IsDefined(options.Head))
        {
            throw new ArgumentException($"OnnxExportOptions.Head is {(int)options.Head}, which is not an OnnxHead.", nameof(options));
        }

        int outputs = network.OutputSize;
        if (options.Head is OnnxHead.Binary or OnnxHead.Regression && outputs != 1)
        {
            throw new ArgumentException($"OnnxExportOptions.Head is {options.Head}, which needs a network with 1 output; this network has {outputs}.", nameof(options));
        }

        if (options.Head == OnnxHead.Multiclass && outputs < 2)
        {
            throw new ArgumentException($"OnnxExportOptions.Head is Multiclass, which needs a network with at least 2 outputs (one logit per class); this network has {outputs}.", nameof(options));
        }

        if (options.Head != OnnxHead.Regression && (options.TargetScale != 1f || options.TargetOffset != 0f))
        {
            throw new ArgumentException($"OnnxExportOptions.TargetScale ({options.TargetScale}) and TargetOffset ({options.TargetOffset}) apply to the Regression head only; Head is {options.Head}.", nameof(options));
        }

        if (!float.IsFinite(options.TargetScale) || options.TargetScale == 0f)
        {
            throw new ArgumentException($"OnnxExportOptions.TargetScale is {options.TargetScale}; it must be finite and non-zero.", nameof(options));
        }

        if (!float.IsFinite(options.TargetOffset))
        {
            throw new ArgumentException($"OnnxExportOptions.TargetOffset is {options.TargetOffset}; it must be finite.", nameof(options));
        }

        if (options.ScoreSlotNames is { } names)
        {
            if (names.Count != outputs)
            {
                throw new ArgumentException($"OnnxExportOptions.ScoreSlotNames has {names.Count} names; Score has {outputs} columns.", nameof(options));
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < names.Count; i++)
            {
                if (names[i] is null)
                {
                    throw new ArgumentException($"OnnxExportOptions.ScoreSlotNames[{i}] is null.", nameof(options));
                }

                if (!seen.Add(names[i]))
                {
                    throw new ArgumentException($"OnnxExportOptions.ScoreSlotNames[{i}] is '{names[i]}', which appears twice; the LabelEncoder's keys must be distinct.", nameof(options));
                }
            }
        }

        if (options.ProducerName is null)
        {
            throw new ArgumentException("OnnxExportOptions.ProducerName is null.", nameof(options));
        }

        if (options.MetadataProps is { } metadata)
        {
            foreach (KeyValuePair<string, string> entry in metadata)
            {
                if (string.IsNullOrEmpty(entry.Key))
                {
                    throw new ArgumentException("OnnxExportOptions.MetadataProps has an empty key.", nameof(options));
                }

                if (Array.IndexOf(ReservedKeys, entry.Key) >= 0)
                {
                    throw new ArgumentException($"OnnxExportOptions.MetadataProps has the key '{entry.Key}', which the exporter writes itself.", nameof(options));
                }

                if (entry.Value is null)
                {
                    throw new ArgumentException($"OnnxExportOptions.MetadataProps['{entry.Key}'] is null.", nameof(options));
                }
            }
        }
    }

    /// <summary>Throws when the input's name is also the name of an initializer or of a node output the exporter made.</summary>
    public static void CheckNamesAreUnique(string inputName, GraphProto graph)
    {
        foreach (string name in graph.Initializer.Select(t => t.Name).Concat(graph.Node.SelectMany(n => n.Output)))
        {
            if (name == inputName)
            {
                throw new ArgumentException($"OnnxExportOptions.InputName is '{inputName}', which the exported graph uses for another tensor; choose another name.", "options");
            }
        }
    }
}
