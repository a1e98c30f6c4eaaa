namespace MLNetDeep.Legacy.Model;

using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using MLNetDeep.Legacy.Data;

/// <summary>What one step reads back when a model is loaded; every accessor fails with a message naming the step and the field.</summary>
internal sealed class ModelLoadContext
{
    private readonly ReadOnlyMemory<byte> _weights;
    private readonly JsonObject _index;
    private readonly string _prefix;

    public ModelLoadContext(string stepDescription, JsonObject state, DataViewSchema inputSchema, ReadOnlyMemory<byte> weights, JsonObject index, string prefix)
    {
        Step = stepDescription;
        State = state;
        InputSchema = inputSchema;
        _weights = weights;
        _index = index;
        _prefix = prefix;
    }

    /// <summary>E.g. "step 2 (NormalizeMeanVariance)", for messages.</summary>
    public string Step { get; }

    public JsonObject State { get; }

    /// <summary>The schema this step receives.</summary>
    public DataViewSchema InputSchema { get; }

    public InvalidDataException Error(string why) => new($"Model {Step}: {why}.");

    public JsonNode Node(string name) => State[name] ?? throw Error($"the field '{name}' is missing");

    public string String(string name) => Get(name, n => n.GetValue<string>());

    public int Int(string name) => Get(name, n => n.GetValue<int>());

    public long Long(string name) => Get(name, n => n.GetValue<long>());

    public double Double(string name) => Get(name, n => n.GetValue<double>());

    public bool Bool(string name) => Get(name, n => n.GetValue<bool>());

    public string[] Strings(string name) => Get(name, n => n.AsArray().Select(x => x!.GetValue<string>()).ToArray());

    public int[] Ints(string name) => Get(name, n => n.AsArray().Select(x => x!.GetValue<int>()).ToArray());

    public JsonObject Object(string name) => Get(name, n => n.AsObject());

    /// <summary>A tensor this step wrote, checked to hold <paramref name="expectedLength"/> values (or any length when negative).</summary>
    public float[] Tensor(string name, int expectedLength = -1)
    {
        if (_index[_prefix + name] is not JsonObject entry)
        {
            throw Error($"the tensor '{name}' is missing");
        }

        long offset = entry["offset"]!.GetValue<long>();
        int length = entry["length"]!.GetValue<int>();
        if (expectedLength >= 0 && length != expectedLength)
        {
            throw Error($"the tensor '{name}' holds {length} values; {expectedLength} are expected");
        }

        if (offset < 0 || length < 0 || offset + (long)length * 4 > _weights.Length)
        {
            throw Error($"the tensor '{name}' lies outside the weights ({offset} + {length} floats > {_weights.Length} bytes)");
        }

        var values = new float[length];
        _weights.Span.Slice((int)offset, length * 4).CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    private T Get<T>(string name, Func<JsonNode, T> read)
    {
        JsonNode node = Node(name);
        try
        {
            return read(node);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
        {
            throw Error($"the field '{name}' has an unexpected value {node.ToJsonString()}");
        }
    }
}
