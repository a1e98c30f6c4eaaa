namespace MLNetDeep.Legacy.Model;

using System.Globalization;
using System.Text.Json.Nodes;
using MLNetDeep.Legacy.Data;

/// <summary>Writes and reads schemas, column types and key values as JSON for model manifests.</summary>
internal static class SchemaJson
{
    public static JsonArray Write(DataViewSchema schema) => new(schema.Select(c => (JsonNode)WriteColumn(c.Detach())).ToArray());

    public static JsonObject WriteColumn(DataViewSchema.DetachedColumn c)
    {
        var o = new JsonObject { ["name"] = c.Name };
        WriteType(o, c.Type);
        if (c.KeyValues is not null)
        {
            o["keyValues"] = WriteKeyValues(c.KeyValues);
        }

        return o;
    }

    public static void WriteType(JsonObject o, DataViewType type)
    {
        switch (type)
        {
            case VectorDataViewType v:
                o["type"] = "Vector";
                o["size"] = v.Size;
                break;
            case KeyDataViewType k:
                o["type"] = "Key";
                o["count"] = k.Count;
                break;
            default:
                o["type"] = type.ToString();
                break;
        }
    }

    public static DataViewType ReadType(JsonObject o, Func<string, Exception> error)
    {
        string t = o["type"]?.GetValue<string>() ?? throw error("a column has no type");
        return t switch
        {
            "Single" => NumberDataViewType.Single,
            "Double" => NumberDataViewType.Double,
            "Int32" => NumberDataViewType.Int32,
            "Int64" => NumberDataViewType.Int64,
            "Boolean" => BooleanDataViewType.Instance,
            "Text" => TextDataViewType.Instance,
            "Vector" => new VectorDataViewType(o["size"]?.GetValue<int>() ?? 0),
            "Key" => new KeyDataViewType(o["count"]?.GetValue<int>() ?? throw error("a key column has no count")),
            _ => throw error($"unknown column type '{t}'"),
        };
    }

    public static DataViewSchema Read(JsonArray array, Func<string, Exception> error) =>
        DataViewSchema.Create(array.Select(n => ReadColumn(n as JsonObject ?? throw error("a schema column is not an object"), error)));

    public static DataViewSchema.DetachedColumn ReadColumn(JsonObject o, Func<string, Exception> error)
    {
        string name = o["name"]?.GetValue<string>() ?? throw error("a column has no name");
        DataViewType type = ReadType(o, error);
        KeyValues? kv = o["keyValues"] is JsonObject k ? ReadKeyValues(k, error) : null;
        return new DataViewSchema.DetachedColumn(name, type, kv);
    }

    public static JsonObject WriteKeyValues(KeyValues kv)
    {
        var o = new JsonObject();
        WriteType(o, kv.ValueType);
        var values = new JsonArray();
        foreach (object? v in kv.Values)
        {
            values.Add(v switch
            {
                string s => JsonValue.Create(s),
                float f => JsonValue.Create(f.ToString("R", CultureInfo.InvariantCulture)),
                double d => JsonValue.Create(d.ToString("R", CultureInfo.InvariantCulture)),
                int i => JsonValue.Create(i),
                long l => JsonValue.Create(l),
                bool b => JsonValue.Create(b),
                _ => throw new InvalidOperationException($"Unsupported key value {v}."),
            });
        }

        o["values"] = values;
        return o;
    }

    public static KeyValues ReadKeyValues(JsonObject o, Func<string, Exception> error)
    {
        DataViewType type = ReadType(o, error);
        JsonArray values = o["values"] as JsonArray ?? throw error("key values have no 'values'");
        Array array = type switch
        {
            TextDataViewType => values.Select(v => v!.GetValue<string>()).ToArray(),
            _ when type == NumberDataViewType.Single => values.Select(v => float.Parse(v!.GetValue<string>(), CultureInfo.InvariantCulture)).ToArray(),
            _ when type == NumberDataViewType.Double => values.Select(v => double.Parse(v!.GetValue<string>(), CultureInfo.InvariantCulture)).ToArray(),
            _ when type == NumberDataViewType.Int32 => values.Select(v => v!.GetValue<int>()).ToArray(),
            _ when type == NumberDataViewType.Int64 => values.Select(v => v!.GetValue<long>()).ToArray(),
            BooleanDataViewType => values.Select(v => v!.GetValue<bool>()).ToArray(),
            _ => throw error($"key values of type {type} are not supported"),
        };
        return new KeyValues(type, array);
    }
}
