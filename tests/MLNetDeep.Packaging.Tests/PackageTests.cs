namespace MLNetDeep.Packaging.Tests;

using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using MLNetDeep.TestSupport;

/// <summary>
/// Issue 7: <c>dotnet pack</c> on the solution makes exactly the seven packages; the <c>mlnetdeep</c> tool installs from
/// the local folder and trains; a console project referencing the MLNetDeep package builds and trains. Every NuGet step
/// uses its own empty packages folder (NUGET_PACKAGES) and a nuget.config whose only source for MLNetDeep* is the local
/// folder, so neither the global cache nor the network decides which of our packages is used. Set
/// <c>MLNETDEEP_PACKAGES</c> to a folder already holding the packages to skip the pack.
/// </summary>
[TestClass]
public sealed partial class PackageTests
{
    private static readonly string[] Expected = ["MLNetDeep", "MLNetDeep.AutoML", "MLNetDeep.Cli", "MLNetDeep.Neural", "MLNetDeep.Onnx", "MLNetDeep.Reporting", "MLNetDeep.Serving", "MLNetDeep.TorchSharp"];

    private static string _root = "";
    private static string _packages = "";
    private static string _version = "";
    private static Dictionary<string, string> _environment = [];

    [ClassInitialize]
    public static void PackOnce(TestContext context)
    {
        _root = Path.Combine(Path.GetTempPath(), "mlnetdeep-packaging-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_root);
        // Stop MSBuild from looking above the temporary folder for props (the consumer project must stand alone).
        File.WriteAllText(Path.Combine(_root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(_root, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(_root, "Directory.Packages.props"), "<Project />\n");
        _environment = new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Path.Combine(_root, "nuget-packages"),
            ["DOTNET_ROOT"] = Path.GetDirectoryName(Path.GetFullPath(ProcessRunner.Dotnet == "dotnet" ? FindOnPath("dotnet") : ProcessRunner.Dotnet))!,
        };

        if (Environment.GetEnvironmentVariable("MLNETDEEP_PACKAGES") is { Length: > 0 } prepacked)
        {
            _packages = prepacked;
        }
        else
        {
            _packages = Path.Combine(_root, "packages");
            // Built under its own artifacts folder, so the repository's bin/obj (and a test run using them) are left alone.
            // At a version of its own: the machine's global folder (read below as a fallback folder, which no source mapping
            // governs) holds MLNetDeep 0.1.0 as soon as someone has followed getting-started.md's "dotnet add package
            // MLNetDeep --version 0.1.0", and a restore took that stale copy instead of the fresh one.
            ProcessRunner.Run(ProcessRunner.Dotnet, ["pack", Path.Combine(RepositoryRoot(), "MLNetDeep.sln"), "-c", "Release", "-o", _packages,
                "--artifacts-path", Path.Combine(_root, "artifacts"), "-p:TreatWarningsAsErrors=true", $"-p:Version=0.1.0-test{Guid.NewGuid():N}"[..30]],
                _root, new Dictionary<string, string>(), TimeSpan.FromMinutes(15)).Ok();
        }

        string[] nupkgs = Directory.GetFiles(_packages, "*.nupkg").Select(Path.GetFileName).ToArray()!;
        Match first = PackageFile().Match(nupkgs.FirstOrDefault(n => n.StartsWith("MLNetDeep.Cli.", StringComparison.Ordinal)) ?? "");
        Assert.IsTrue(first.Success, $"no MLNetDeep.Cli package in {_packages}: {string.Join(", ", nupkgs)}");
        _version = first.Groups[2].Value;
        string[] ids = nupkgs.Select(n => PackageFile().Match(n)).Where(m => m.Success && m.Groups[2].Value == _version).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(Expected, ids, $"packages made by dotnet pack: {string.Join(", ", nupkgs)}");

        WriteNuGetConfig(Path.Combine(_root, "nuget.config"));
    }

    [ClassCleanup]
    public static void DeleteTemporaryFolder()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    /// <summary>The library packages carry the metadata and the dependencies the project references become.</summary>
    [TestMethod]
    [TestCategory("Slow")]
    public void Library_packages_carry_metadata_xml_docs_and_dependencies()
    {
        var dependencies = new Dictionary<string, string[]>
        {
            ["MLNetDeep.Neural"] = ["System.Numerics.Tensors"],
            ["MLNetDeep.Onnx"] = ["MLNetDeep.Neural", "Google.Protobuf"],
            ["MLNetDeep"] = ["MLNetDeep.Neural", "MLNetDeep.Onnx", "Microsoft.ML", "Microsoft.ML.OnnxTransformer", "Microsoft.ML.OnnxRuntime"],
            ["MLNetDeep.AutoML"] = ["MLNetDeep", "MLNetDeep.Reporting", "Microsoft.Data.Sqlite", "Npgsql"],
            ["MLNetDeep.Serving"] = ["MLNetDeep"],
            ["MLNetDeep.Reporting"] = ["MLNetDeep"],
            ["MLNetDeep.TorchSharp"] = ["MLNetDeep.Neural", "TorchSharp-cpu"],
        };
        foreach (var (id, expected) in dependencies)
        {
            using ZipArchive zip = ZipFile.OpenRead(Path.Combine(_packages, $"{id}.{_version}.nupkg"));
            string[] entries = zip.Entries.Select(e => e.FullName).ToArray();
            CollectionAssert.Contains(entries, $"lib/net10.0/{id}.dll", id);
            CollectionAssert.Contains(entries, $"lib/net10.0/{id}.xml", $"{id}: XML docs");
            CollectionAssert.Contains(entries, "README.md", id);
            XDocument nuspec = XDocument.Load(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            XNamespace ns = nuspec.Root!.Name.Namespace;
            XElement metadata = nuspec.Root.Element(ns + "metadata")!;
            Assert.AreEqual("MIT", metadata.Element(ns + "license")?.Value, id);
            Assert.IsFalse(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")?.Value), $"{id}: description");
            Assert.AreEqual("README.md", metadata.Element(ns + "readme")?.Value, id);
            string[] deps = metadata.Descendants(ns + "dependency").Select(d => d.Attribute("id")!.Value).ToArray();
            foreach (string d in expected)
            {
                CollectionAssert.Contains(deps, d, $"{id} depends on {d}; it has {string.Join(", ", deps)}");
            }

            CollectionAssert.DoesNotContain(deps, "Grpc.Tools", $"{id}: protoc is a build-time tool, not a dependency");

            if (id != "MLNetDeep.Neural")
            {
                Assert.AreEqual(_version, metadata.Descendants(ns + "dependency").First(d => d.Attribute("id")!.Value.StartsWith("MLNetDeep", StringComparison.Ordinal)).Attribute("version")!.Value,
                    $"{id}: our own dependencies are the same version");
            }
        }
    }

    /// <summary><c>dotnet tool install</c> from the local folder, then the installed <c>mlnetdeep --help</c> and a tiny <c>train</c>.</summary>
    [TestMethod]
    [TestCategory("Slow")]
    public void The_tool_installs_from_the_local_folder_and_trains()
    {
        string tools = Path.Combine(_root, "tools");
        ProcessRunner.Run(ProcessRunner.Dotnet, ["tool", "install", "MLNetDeep.Cli", "--version", _version, "--tool-path", tools,
            "--configfile", Path.Combine(_root, "nuget.config")], _root, _environment, TimeSpan.FromMinutes(5)).Ok();
        string mlnetdeep = Path.Combine(tools, OperatingSystem.IsWindows() ? "mlnetdeep.exe" : "mlnetdeep");
        Assert.IsTrue(File.Exists(mlnetdeep), $"the tool's command {mlnetdeep} was not installed");

        ChildResult help = ProcessRunner.Run(mlnetdeep, ["--help"], _root, _environment, TimeSpan.FromMinutes(1)).Ok();
        foreach (string command in new[] { "train", "evaluate", "predict", "info", "serve", "tune" })
        {
            Assert.Contains(command, help.Out, $"--help lists {command}");
        }

        string model = Path.Combine(_root, "circles.zip");
        ProcessRunner.Run(mlnetdeep, ["train", "--data", Path.Combine(RepositoryRoot(), "data", "circles-train.csv"), "--label", "Label",
            "--task", "binary", "--hidden", "8", "--epochs", "2", "--model", model, "--json"], _root, _environment, TimeSpan.FromMinutes(3)).Ok();
        Assert.IsTrue(File.Exists(model), $"{model} was not written");
        ProcessRunner.Run(mlnetdeep, ["info", "--model", model], _root, _environment, TimeSpan.FromMinutes(1)).Ok();
    }

    /// <summary>
    /// Issue 11: a console project that references only Microsoft.ML and the packed MLNetDeep trains a network in an ML.NET
    /// pipeline, evaluates it with ML.NET's evaluator and saves it; a second process loads the zip with a plain MLContext and
    /// predicts the same scores. The project keeps ONNX Runtime's native files to its own platform with a RuntimeIdentifier.
    /// </summary>
    [TestMethod]
    [TestCategory("Slow")]
    public void A_consumer_of_the_MLNetDeep_package_trains_saves_and_predicts_in_another_process()
    {
        string project = Path.Combine(_root, "consumer");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <!-- ONNX Runtime's native library for this platform only (docs/getting-started.md). -->
                <RuntimeIdentifier>$(NETCoreSdkRuntimeIdentifier)</RuntimeIdentifier>
                <SelfContained>false</SelfContained>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.ML" Version="6.0.0" />
                <PackageReference Include="MLNetDeep" Version="{_version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            using System.Globalization;
            using Microsoft.ML;
            using Microsoft.ML.Data;
            using MLNetDeep;
            using MLNetDeep.Trainers;

            var ml = new MLContext(seed: 1);
            Point[] probe = [new() { X = 0.1f, Y = 0.2f }, new() { X = 0.9f, Y = -0.8f }, new() { X = -0.3f, Y = 0.6f }];
            if (args[0] == "train")
            {
                Point[] rows = Enumerable.Range(0, 400).Select(i =>
                {
                    float x = (i % 20) / 10f - 1, y = (i / 20) / 10f - 1;
                    return new Point { X = x, Y = y, Label = x * x + y * y < 0.5f };
                }).ToArray();
                IDataView data = ml.Data.LoadFromEnumerable(rows);
                var pipeline = ml.Transforms.Concatenate("Features", "X", "Y")
                    .Append(ml.BinaryClassification.Trainers.FeedForward(new FeedForwardBinaryTrainer.Options { HiddenLayers = [16], NumberOfEpochs = 100, BatchSize = 32, LearningRate = 0.01f, DropoutRate = 0f }));
                ITransformer model = pipeline.Fit(data);
                var metrics = ml.BinaryClassification.Evaluate(model.Transform(data));
                ml.Model.Save(model, data.Schema, "consumer.zip");
                Console.WriteLine(FormattableString.Invariant($"trained: accuracy {metrics.Accuracy:F3}"));
                Print(ml.Model.CreatePredictionEngine<Point, Prediction>(model));
            }
            else
            {
                ITransformer loaded = ml.Model.Load("consumer.zip", out _);
                Print(ml.Model.CreatePredictionEngine<Point, Prediction>(loaded));
            }

            void Print(PredictionEngine<Point, Prediction> engine)
            {
                foreach (Point p in probe)
                {
                    Prediction r = engine.Predict(p);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"score {r.Score:R} probability {r.Probability:R} label {r.PredictedLabel}"));
                }
            }

            public sealed class Point
            {
                public float X { get; set; }

                public float Y { get; set; }

                public bool Label { get; set; }
            }

            public sealed class Prediction
            {
                public float Score { get; set; }

                public float Probability { get; set; }

                public bool PredictedLabel { get; set; }
            }
            """);
        ChildResult train = ProcessRunner.Run(ProcessRunner.Dotnet, ["run", "-c", "Release", "--", "train"], project, _environment, TimeSpan.FromMinutes(8)).Ok();
        Assert.Contains("trained: accuracy", train.Out, train.Out + train.Error);
        double accuracy = double.Parse(train.Out.Split("trained: accuracy ")[1][..5], System.Globalization.CultureInfo.InvariantCulture);
        Assert.IsGreaterThanOrEqualTo(0.9, accuracy, train.Out);
        Assert.IsTrue(File.Exists(Path.Combine(project, "consumer.zip")), "the consumer saved its model");
        ChildResult predict = ProcessRunner.Run(ProcessRunner.Dotnet, ["run", "-c", "Release", "--no-build", "--", "predict"], project, _environment, TimeSpan.FromMinutes(3)).Ok();
        string[] trained = train.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("score ", StringComparison.Ordinal)).ToArray();
        string[] loaded = predict.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("score ", StringComparison.Ordinal)).ToArray();
        Assert.HasCount(3, trained);
        CollectionAssert.AreEqual(trained, loaded, "the second process predicts the same scores from the saved zip");
        Assert.IsTrue(Directory.Exists(Path.Combine(_root, "nuget-packages", "mlnetdeep", _version)), "MLNetDeep was restored into the test's own packages folder");
        string output = Path.Combine(project, "bin", "Release", "net10.0");
        string[] natives = Directory.GetFiles(output, "libonnxruntime*", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(output, "onnxruntime*.dll", SearchOption.AllDirectories)).ToArray();
        Assert.IsFalse(natives.Any(n => n.Contains("win-", StringComparison.Ordinal) || n.Contains("osx-", StringComparison.Ordinal)),
            $"one platform's native files: {string.Join(", ", natives)}");
    }

    /// <summary>A nuget.config with the local folder as the only source of MLNetDeep* and the repository's feeds for the rest.</summary>
    private static void WriteNuGetConfig(string path)
    {
        XDocument repository = XDocument.Load(Path.Combine(RepositoryRoot(), "nuget.config"));
        XElement[] feeds = repository.Descendants("packageSources").Elements("add").ToArray();
        // Third-party packages already on the machine are read from its global folder (read-only, a fallback folder), so
        // the test does not download ONNX Runtime (about 480 MB) again; the packages packed above have a version of their
        // own, so no copy there can stand in for them.
        string global = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var config = new XElement("configuration",
            new XElement("fallbackPackageFolders", new XElement("add", new XAttribute("key", "machine"), new XAttribute("value", global))),
            new XElement("packageSources",
                new XElement("clear"),
                new XElement("add", new XAttribute("key", "mlnetdeep-local"), new XAttribute("value", _packages)),
                feeds.Select(f => new XElement(f))),
            new XElement("packageSourceMapping",
                new XElement("packageSource", new XAttribute("key", "mlnetdeep-local"),
                    new XElement("package", new XAttribute("pattern", "MLNetDeep.*")),
                    new XElement("package", new XAttribute("pattern", "MLNetDeep"))),
                feeds.Select(f => new XElement("packageSource", new XAttribute("key", f.Attribute("key")!.Value),
                    new XElement("package", new XAttribute("pattern", "*"))))));
        new XDocument(config).Save(path);
    }

    private static string FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{name} is not on PATH.");

    private static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "MLNetDeep.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException($"No MLNetDeep.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"^(.+?)\.(\d+\.\d+\.\d+(?:-[A-Za-z0-9.]+)?)\.nupkg$")]
    private static partial Regex PackageFile();
}
