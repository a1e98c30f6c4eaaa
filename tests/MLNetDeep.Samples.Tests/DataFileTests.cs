namespace MLNetDeep.Samples.Tests;

using MLNetDeep.Samples.DataGenerator;

/// <summary>The committed data/*.csv files are exactly what the generator produces now.</summary>
[TestClass]
public sealed class DataFileTests
{
    [TestMethod]
    public void CommittedDataFiles_EqualGeneratorOutput()
    {
        string data = Path.Combine(RepositoryRoot(), "data");
        IReadOnlyList<DataFile> files = DataFiles.Generate();
        Assert.HasCount(7, files);
        foreach (DataFile file in files)
        {
            string path = Path.Combine(data, file.Name);
            Assert.IsTrue(File.Exists(path), $"{path} is missing; run: dotnet run --project samples/DataGenerator -- data/");
            Assert.AreEqual(file.Content, File.ReadAllText(path), $"{file.Name} differs from the generator's output; regenerate it (dotnet run --project samples/DataGenerator -- data/) and update data/README.md.");
        }
    }

    [TestMethod]
    public void DataFiles_HaveHeaderAndExpectedRowCounts()
    {
        var expected = new Dictionary<string, int>
        {
            ["circles-train.csv"] = 300,
            ["circles-test.csv"] = 100,
            ["moons-train.csv"] = 300,
            ["field-train.csv"] = 211,
            ["field-test.csv"] = 200,
            ["spiral-train.csv"] = 300,
            ["spiral-test.csv"] = 150,
        };
        foreach (DataFile file in DataFiles.Generate())
        {
            string[] lines = file.Content.TrimEnd('\n').Split('\n');
            Assert.AreEqual("X1,X2,Label", lines[0], file.Name);
            Assert.AreEqual(expected[file.Name], lines.Length - 1, file.Name);
        }
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "MLNetDeep.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException($"No MLNetDeep.sln above {AppContext.BaseDirectory}.");
    }
}
