namespace MLNetDeep.Serving.Http;

using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;

/// <summary>Writes a <c>float</c> or <c>double</c> that JSON cannot carry (NaN, infinities) as null instead of failing the response.</summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
internal sealed class NonFiniteAsNullConverter<T> : JsonConverter<T>
    where T : struct, IFloatingPointIeee754<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? T.NaN : typeof(T) == typeof(float) ? (T)(object)reader.GetSingle() : (T)(object)reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        if (!T.IsFinite(value))
        {
            writer.WriteNullValue();
        }
        else if (value is float f)
        {
            writer.WriteNumberValue(f);
        }
        else
        {
            writer.WriteNumberValue((double)(object)value);
        }
    }
}
