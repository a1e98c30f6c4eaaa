namespace MLNetDeep.Cli.Tests;

using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;

/// <summary>Small seeded data files the tests write into their own folders.</summary>
internal static class TestData
{
    public static string NewFolder(string name)
    {
        string folder = Path.Combine(Path.GetTempPath(), "mlnetdeep-cli-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Binary: y is yes/no (text), features x1 (large scale), x2 and a text column color; separable-ish.</summary>
    public static string Binary(string folder, int rows = 200, int seed = 1, string name = "binary.csv", bool withLabel = true)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder(withLabel ? "x1,x2,color,y\n" : "x1,x2,color\n");
        string[] colors = ["red", "green", "blue"];
        for (int i = 0; i < rows; i++)
        {
            double a = Gauss(rng), b = Gauss(rng);
            string c = colors[rng.Next(3)];
            string y = a + b + (c == "red" ? 0.5 : 0) > 0.2 ? "yes" : "no";
            sb.Append(F(a * 10 + 50)).Append(',').Append(F(b)).Append(',').Append(c);
            sb.Append(withLabel ? "," + y + "\n" : "\n");
        }

        return Write(folder, name, sb.ToString());
    }

    /// <summary>Multiclass: three well separated text classes (quoted, with a comma in the name).</summary>
    public static string Multiclass(string folder, int rows = 240, int seed = 2, string name = "multi.csv", bool withLabel = true)
    {
        var rng = new Random(seed);
        string[] classes = ["virginica", "setosa", "versicolor"]; // not sorted: keys must be sorted by value
        var sb = new StringBuilder(withLabel ? "a,b,species\n" : "a,b\n");
        for (int i = 0; i < rows; i++)
        {
            int k = i % 3;
            sb.Append(F(k * 3 + Gauss(rng) * 0.6)).Append(',').Append(F(-k * 2 + Gauss(rng) * 0.6));
            sb.Append(withLabel ? $",\"iris, {classes[k]}\"\n" : "\n");
        }

        return Write(folder, name, sb.ToString());
    }

    /// <summary>Regression: y = 3a - 2b + 1 + small noise, tab-separated.</summary>
    public static string Regression(string folder, int rows = 200, int seed = 3, string name = "reg.tsv")
    {
        var rng = new Random(seed);
        var sb = new StringBuilder("a\tb\ty\n");
        for (int i = 0; i < rows; i++)
        {
            double a = Gauss(rng), b = Gauss(rng);
            sb.Append(F(a)).Append('\t').Append(F(b)).Append('\t').Append(F(3 * a - 2 * b + 1 + 0.05 * Gauss(rng))).Append('\n');
        }

        return Write(folder, name, sb.ToString());
    }

    /// <summary>Binary with a numeric label, the shape of data/circles: X1, X2 and Label 1 when X1 + X2 &gt; 0, else 0.</summary>
    public static string Points(string folder, int rows = 200, int seed = 5, string name = "points.csv")
    {
        var rng = new Random(seed);
        var sb = new StringBuilder("X1,X2,Label\n");
        for (int i = 0; i < rows; i++)
        {
            double a = Gauss(rng), b = Gauss(rng);
            sb.Append(F(a)).Append(',').Append(F(b)).Append(',').Append(a + b > 0 ? "1" : "0").Append('\n');
        }

        return Write(folder, name, sb.ToString());
    }

    /// <summary>Regression on a large offset and scale: y = 1000 + 300 a - 200 b + 80 a b + noise (stddev 5), comma-separated.</summary>
    public static string OffsetRegression(string folder, int rows, int seed, string name)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder("a,b,y\n");
        for (int i = 0; i < rows; i++)
        {
            double a = Gauss(rng), b = Gauss(rng);
            sb.Append(F(a)).Append(',').Append(F(b)).Append(',').Append(F(1000 + 300 * a - 200 * b + 80 * a * b + 5 * Gauss(rng))).Append('\n');
        }

        return Write(folder, name, sb.ToString());
    }

    /// <summary>A tiny IDX pair P-images-idx3-ubyte.gz / P-labels-idx1-ubyte: 4x4 images whose bright quadrant is the label (0..3).</summary>
    public static string Idx(string folder, int count = 120, int seed = 4, string prefix = "tiny")
    {
        var rng = new Random(seed);
        var images = new byte[16 + count * 16];
        BinaryPrimitives.WriteInt32BigEndian(images, 0x00000803);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(8), 4);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(12), 4);
        var labels = new byte[8 + count];
        BinaryPrimitives.WriteInt32BigEndian(labels, 0x00000801);
        BinaryPrimitives.WriteInt32BigEndian(labels.AsSpan(4), count);
        for (int n = 0; n < count; n++)
        {
            int label = n % 4;
            labels[8 + n] = (byte)label;
            for (int p = 0; p < 16; p++)
            {
                int r = p / 4, c = p % 4;
                int quadrant = (r / 2) * 2 + c / 2;
                images[16 + n * 16 + p] = (byte)(quadrant == label ? 200 + rng.Next(56) : rng.Next(60));
            }
        }

        string path = Path.Combine(folder, prefix);
        using (var gz = new GZipStream(File.Create(path + "-images-idx3-ubyte.gz"), CompressionLevel.Fastest))
        {
            gz.Write(images);
        }

        File.WriteAllBytes(path + "-labels-idx1-ubyte", labels);
        return path;
    }

    public static string Write(string folder, string name, string text)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Rows of a CSV the CLI wrote (simple split: the tests' values hold no separators except quoted class names).</summary>
    public static string[][] ReadCsv(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(SplitLine).ToArray();

    private static string[] SplitLine(string line)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    sb.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    sb.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(sb.ToString());
                sb.Clear();
            }
            else
            {
                sb.Append(ch);
            }
        }

        fields.Add(sb.ToString());
        return fields.ToArray();
    }

    private static double Gauss(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
