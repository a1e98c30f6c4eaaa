namespace MLNetDeep.Samples;

using System.Text.Json;
using System.Text.Json.Nodes;

/// <summary>Prints a course notebook's table, or with <c>--json</c> one JSON object <c>{"rows": [{"model", "trainAccuracy", "testAccuracy"}]}</c>.</summary>
public static class CourseTable
{
    /// <summary>Prints <paramref name="rows"/> under <paramref name="title"/> as the arguments ask.</summary>
    public static void Print(string title, IReadOnlyList<CourseRow> rows, string[] args)
    {
        if (args.Contains("--json"))
        {
            var array = new JsonArray();
            foreach (CourseRow r in rows)
            {
                array.Add(new JsonObject { ["model"] = r.Model, ["trainAccuracy"] = r.TrainAccuracy, ["testAccuracy"] = r.TestAccuracy });
            }

            Console.WriteLine(new JsonObject { ["rows"] = array }.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
            return;
        }

        int width = Math.Max(5, rows.Max(r => r.Model.Length));
        Console.WriteLine(title);
        Console.WriteLine();
        Console.WriteLine($"| {"Model".PadRight(width)} | Train accuracy | Test accuracy |");
        Console.WriteLine($"|{new string('-', width + 2)}|----------------|---------------|");
        foreach (CourseRow r in rows)
        {
            Console.WriteLine($"| {r.Model.PadRight(width)} | {r.TrainAccuracy,14:P1} | {r.TestAccuracy,13:P1} |");
        }
    }
}
