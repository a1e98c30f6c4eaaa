namespace MLNetDeep.Cli.Tests;

using System.Text.Json;

/// <summary>Runs the CLI in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static CliResult Run(params string[] args) => Run(CancellationToken.None, args);

    public static CliResult Run(CancellationToken token, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr, token);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }
}

/// <summary>An exit code and the captured output.</summary>
internal sealed record CliResult(int Code, string Out, string Error)
{
    /// <summary>stdout parsed as exactly one JSON object.</summary>
    public JsonElement Json()
    {
        // JsonDocument.Parse fails on anything after the object, so this also proves nothing else was printed.
        using JsonDocument doc = JsonDocument.Parse(Out);
        Assert.AreEqual(JsonValueKind.Object, doc.RootElement.ValueKind);
        return doc.RootElement.Clone();
    }

    /// <summary>Asserts success, showing stderr otherwise.</summary>
    public CliResult Ok()
    {
        Assert.AreEqual(0, Code, $"exit code {Code}; stderr: {Error}");
        return this;
    }

    /// <summary>Asserts the exit code and that stderr ends in exactly one error line containing every fragment.</summary>
    public string Fails(int code, params string[] fragments)
    {
        Assert.AreEqual(code, Code, $"stderr: {Error}");
        string[] lines = Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] errors = lines.Where(l => l.StartsWith("mlnetdeep: error: ", StringComparison.Ordinal)).ToArray();
        Assert.HasCount(1, errors, Error);
        Assert.AreEqual(errors[0], lines[^1], "the error line is the last thing on stderr");
        Assert.DoesNotContain("   at ", Error, "no stack trace");
        foreach (string f in fragments)
        {
            Assert.Contains(f, errors[0]);
        }

        return errors[0];
    }
}
