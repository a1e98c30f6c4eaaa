namespace MLNetDeep.Tests.Featurization;

using System.Globalization;
using System.Text;

/// <summary>Small seeded CSV files for the featurization tests, each in its own temporary folder.</summary>
internal static class CsvFiles
{
    public static string Folder(string name)
    {
        string folder = Path.Combine(Path.GetTempPath(), "mlnetdeep-featurization-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static string Write(string folder, string name, string text)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>
    /// x1 (numbers on a large offset), x2 (numbers, some missing), color (3 values), note (a sentence whose words carry
    /// the label half the time), constant (always 7), y (yes/no from x1, x2 and color).
    /// </summary>
    public static string Mixed(string folder, int rows = 200, int seed = 1, string name = "mixed.csv")
    {
        var rng = new Random(seed);
        var sb = new StringBuilder("x1,x2,color,note,constant,y\n");
        string[] colors = ["red", "green", "blue"];
        for (int i = 0; i < rows; i++)
        {
            double a = Gauss(rng), b = Gauss(rng);
            string c = colors[rng.Next(3)];
            bool y = a + b + (c == "red" ? 0.8 : 0) > 0.3;
            string note = rng.Next(2) == 0 ? (y ? "a happy sunny day" : "a gloomy rainy night") : "nothing much to say here";
            string x2 = i % 17 == 5 ? "" : F(b);
            sb.Append(CultureInfo.InvariantCulture, $"{F(a * 10 + 50)},{x2},{c},{note},7,{(y ? "yes" : "no")}\n");
        }

        return Write(folder, name, sb.ToString());
    }

    /// <summary>A label carried only by free text: "good ..." sentences are pos, "bad ..." sentences are neg; x is noise.</summary>
    public static string TextOnly(string folder, int rows = 200, int seed = 2)
    {
        var rng = new Random(seed);
        string[] fillers = ["the movie was", "this book felt", "our dinner seemed", "the trip was really", "that show looked"];
        var sb = new StringBuilder("x,review,label\n");
        for (int i = 0; i < rows; i++)
        {
            bool pos = rng.Next(2) == 0;
            string filler = fillers[rng.Next(fillers.Length)];
            string review = pos ? $"{filler} wonderful and good" : $"{filler} awful and bad";
            sb.Append(CultureInfo.InvariantCulture, $"{F(Gauss(rng))},{review} {i},{(pos ? "pos" : "neg")}\n");
        }

        return Write(folder, "text.csv", sb.ToString());
    }

    public static double Gauss(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    public static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
