namespace MLNetDeep.Serving.Http;

using System.Text.Json;
using System.Text.Json.Serialization;

/// <summary>Writes a <c>float</c> that JSON cannot carry (NaN, infinities) as null instead of failing the response.</summary>
internal sealed class NonFiniteSingleConverter : JsonConverter<float>
{
    public override float Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? float.NaN : reader.GetSingle();

    public override void Write(Utf8JsonWriter writer, float value, JsonSerializerOptions options)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
