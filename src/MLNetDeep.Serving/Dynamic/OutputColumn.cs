namespace MLNetDeep.Serving.Dynamic;

using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// One output column of a <see cref="SchemaEngine"/>'s row: fetched once per row, then written as a JSON value. Values
/// JSON cannot carry (NaN, infinities) and values that stand for no prediction (the missing key; a Boolean
/// <c>PredictedLabel</c> when the row's <c>Score</c> is NaN) are written as null, each with a warning for the row.
/// </summary>
internal abstract class OutputColumn
{
    /// <summary>The column ML.NET's trainers put the predicted label in.</summary>
    public const string PredictedLabel = "PredictedLabel";

    /// <summary>The column ML.NET's trainers put the score in.</summary>
    public const string Score = "Score";

    /// <summary>The annotation ML.NET's trainers mark their output columns with (ML.NET's <c>AnnotationUtils.Kinds.ScoreValueKind</c>, which is internal).</summary>
    public const string ScoreValueKind = "ScoreValueKind";

    protected OutputColumn(DataViewSchema.Column column)
    {
        Name = column.Name;
        string? kind = null;
        if (column.Annotations.Schema.GetColumnOrNull(ScoreValueKind) is { Type: TextDataViewType })
        {
            ReadOnlyMemory<char> text = default;
            column.Annotations.GetValue(ScoreValueKind, ref text);
            kind = text.ToString();
        }

        Role = kind ?? Name;
    }

    /// <summary>The column's name (the JSON property name).</summary>
    public string Name { get; }

    /// <summary>
    /// What the column holds for the trainer: its ML.NET <c>ScoreValueKind</c> annotation (<see cref="Score"/>,
    /// <c>Probability</c>, <see cref="PredictedLabel"/>) when it has one, so a renamed trainer output is still known;
    /// else its name.
    /// </summary>
    public string Role { get; }

    /// <summary>Whether the fetched value is, or holds, NaN.</summary>
    public abstract bool HasNaN { get; }

    /// <summary>Whether a column of <paramref name="type"/> has a JSON form here.</summary>
    public static bool Supports(DataViewType type) => Generic(type) is not null;

    /// <summary>A writer for <paramref name="column"/> of <paramref name="row"/>, or null for a type that has no JSON form here.</summary>
    public static OutputColumn? Create(DataViewRow row, DataViewSchema.Column column)
    {
        if (Generic(column.Type) is not Type generic)
        {
            return null;
        }

        Type item = column.Type is VectorDataViewType vector ? vector.ItemType.RawType : column.Type.RawType;
        return (OutputColumn)Activator.CreateInstance(generic.MakeGenericType(item), row, column)!;
    }

    /// <summary>Reads the current row's value.</summary>
    public abstract void Fetch();

    /// <summary>Writes the fetched value (the property name is already written).</summary>
    /// <param name="writer">The response.</param>
    /// <param name="warnings">The row's warnings, created on the first one.</param>
    /// <param name="scoreIsNaN">Whether the row's <c>Score</c> holds NaN.</param>
    public abstract void Write(Utf8JsonWriter writer, ref List<string>? warnings, bool scoreIsNaN);

    private static Type? Generic(DataViewType type) => type switch
    {
        KeyDataViewType => typeof(KeyColumn<>),
        VectorDataViewType v when JsonValues.CanWrite(v.ItemType.RawType) => typeof(VectorColumn<>),
        VectorDataViewType => null,
        _ when JsonValues.CanWrite(type.RawType) => typeof(ScalarColumn<>),
        _ => null,
    };

    protected static void Warn(ref List<string>? warnings, string warning) => (warnings ??= []).Add(warning);
}
