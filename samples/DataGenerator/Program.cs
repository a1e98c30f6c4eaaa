using MLNetDeep.Samples.DataGenerator;

// Usage: dotnet run --project samples/DataGenerator -- data/
string directory = args.Length > 0 ? args[0] : "data";
Directory.CreateDirectory(directory);
foreach (DataFile file in DataFiles.Generate())
{
    string path = Path.Combine(directory, file.Name);
    File.WriteAllText(path, file.Content);
    Console.WriteLine($"{path}: {file.Content.Count(ch => ch == '\n') - 1} rows");
}
