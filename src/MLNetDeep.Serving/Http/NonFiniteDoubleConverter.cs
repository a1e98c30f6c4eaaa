namespace MLNetDeep.Serving.Http;

using System.Text.Json;
using System.Text.Json.Serialization;

/// <summary>Writes a <c>double</c> that JSON cannot carry (NaN, infinities) as null instead of failing the response.</summary>
internal sealed class NonFiniteDoubleConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
