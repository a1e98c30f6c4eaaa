namespace MLNetDeep.Reporting.Tests.Html;

using System.Diagnostics;

/// <summary>
/// Headless Chromium (Debian package <c>chromium</c>): loads a local file with networking and background services off
/// and returns the DOM after scripts ran. Tests skip (inconclusive) when it is not installed.
/// </summary>
internal static class Chromium
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium"];

    /// <summary>The browser's path, or null.</summary>
    public static string? Find() => Candidates.FirstOrDefault(File.Exists);

    /// <summary>The DOM of <paramref name="htmlPath"/> after load; kills the browser (and its children) after <paramref name="timeout"/>.</summary>
    public static string DumpDom(string htmlPath, TimeSpan timeout)
    {
        string browser = Find() ?? throw new InvalidOperationException("chromium is not installed.");
        string profile = Path.Combine(Path.GetTempPath(), "mlnetdeep-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo(browser)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
            $"--user-data-dir={profile}", "--virtual-time-budget=5000", "--dump-dom", new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri,
        })
        {
            start.ArgumentList.Add(a);
        }

        try
        {
            using Process process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start.");
            // Read on threads of their own: ReadToEndAsync's continuations need thread-pool threads, which a small pool may
            // not have, and a browser whose output pipe is full never exits.
            Task<string> stdout = OwnThread.Run(process.StandardOutput.ReadToEnd);
            Task<string> stderr = OwnThread.Run(process.StandardError.ReadToEnd);
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                Assert.Fail($"chromium did not finish within {timeout.TotalSeconds} s and was killed.");
            }

            process.WaitForExit(); // drains the redirected streams
            string dom = stdout.GetAwaiter().GetResult();
            Assert.IsFalse(string.IsNullOrWhiteSpace(dom), $"chromium printed no DOM (exit {process.ExitCode}): {stderr.GetAwaiter().GetResult()}");
            return dom;
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // a helper process may still hold a file for a moment; the temp folder is cleaned by the system
            }
        }
    }
}
