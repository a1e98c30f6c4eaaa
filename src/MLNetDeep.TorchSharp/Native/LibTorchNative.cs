namespace MLNetDeep.TorchSharp.Native;

using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using global::TorchSharp;

/// <summary>
/// Loads TorchSharp's native libraries once per process, and on Linux works around one known packaging fault:
/// TorchSharp 0.107's <c>libLibTorchSharp.so</c> was linked by GCC 13 and lists <c>GLIBCXX_3.4.32</c> among the versions
/// it needs from libstdc++, for <c>std::ios_base_library_init()</c>, which GCC 13's <c>&lt;iostream&gt;</c> references
/// and never calls. A libstdc++ older than GCC 13's (Debian 12 has GCC 12's, up to <c>GLIBCXX_3.4.30</c>) makes the
/// dynamic linker refuse the library.
/// </summary>
/// <remarks>
/// <para>Only when the host's libstdc++ lacks a needed version, and every missing version is one known to be needed by
/// symbols the library never calls (<see cref="Weakenable"/>), a copy of the package's file with those version
/// references marked weak (<see cref="ElfVersions.MarkWeak"/>; every other byte unchanged) is written to a private
/// per-user cache folder — never to the NuGet cache, never to the application's folder — and loaded in place of the
/// original, after libtorch's own libraries have been loaded from the original folder so that the copy's needed
/// libraries resolve to them. Any other failure becomes one <see cref="LibTorchUnavailableException"/> naming the
/// library and the missing version, never TorchSharp's TypeInitializationException.</para>
/// <para>Set <c>MLNETDEEP_TORCHSHARP_NO_PATCH=1</c> to forbid the copy (then such a host gets the exception), and
/// <c>MLNETDEEP_NATIVE_CACHE</c> to choose the cache folder (default <c>$XDG_CACHE_HOME/mlnetdeep</c> or
/// <c>~/.cache/mlnetdeep</c>).</para>
/// </remarks>
internal static partial class LibTorchNative
{
    /// <summary>TorchSharp's native glue library on Linux.</summary>
    public const string GlueLibrary = "libLibTorchSharp.so";

    /// <summary>The C++ runtime the glue library needs versions from.</summary>
    public const string CxxRuntime = "libstdc++.so.6";

    /// <summary>Set to 1 to forbid the patched copy.</summary>
    public const string NoPatchVariable = "MLNETDEEP_TORCHSHARP_NO_PATCH";

    /// <summary>Overrides the folder the patched copy is written to.</summary>
    public const string CacheVariable = "MLNETDEEP_NATIVE_CACHE";

    /// <summary>
    /// Versions that may be marked weak: each is needed only by symbols the glue library never calls.
    /// <c>GLIBCXX_3.4.32</c>: <c>std::ios_base_library_init()</c>, a link-time anchor GCC 13's &lt;iostream&gt; emits.
    /// </summary>
    public static readonly IReadOnlyList<string> Weakenable = ["GLIBCXX_3.4.32"];

    /// <summary>libtorch's libraries the glue library needs, loaded first from its folder (order matters).</summary>
    private static readonly string[] TorchLibraries = ["libc10.so", "libtorch_cpu.so", "libtorch.so"];

    private static readonly Lock Gate = new();
    private static LibTorchUnavailableException? _failure;
    private static string? _description;

    /// <summary>Where the glue library was loaded from, once <see cref="EnsureLoaded"/> has succeeded.</summary>
    public static string? Description => _description;

    /// <summary>The patched copy in use, or null when the package's own file loaded.</summary>
    public static string? PatchedCopy { get; private set; }

    /// <summary>Loads libtorch and TorchSharp's glue (once), or throws the same <see cref="LibTorchUnavailableException"/> every time.</summary>
    /// <returns>A sentence saying which glue library was loaded.</returns>
    public static string EnsureLoaded()
    {
        lock (Gate)
        {
            if (_failure is not null)
            {
                throw _failure;
            }

            if (_description is not null)
            {
                return _description;
            }

            try
            {
                _description = Load();
                return _description;
            }
            catch (LibTorchUnavailableException e)
            {
                _failure = e;
                throw;
            }
        }
    }

    private static string Load()
    {
        if (!OperatingSystem.IsLinux())
        {
            InitializeTorch([], "TorchSharp's native library");
            return "libtorch loaded by TorchSharp";
        }

        string glue = FindNative(GlueLibrary) ?? throw new LibTorchUnavailableException(
            $"The TorchSharp backend cannot find {GlueLibrary} (TorchSharp's native library) next to the application or in its native search folders ({string.Join(", ", SearchFolders())}). " +
            "Reference the TorchSharp-cpu package (MLNetDeep.TorchSharp does), or a CUDA TorchSharp package, for this platform; see docs/torchsharp.md.", []);
        byte[] original = File.ReadAllBytes(glue);
        (string? cxxPath, IReadOnlySet<string>? provided) = HostCxxRuntime();
        IReadOnlyList<string> missing = provided is null ? [] : MissingVersions(ElfVersions.ReadNeeds(original), provided);
        if (missing.Count == 0)
        {
            LoadAll(glue, glue, []);
            InitializeTorch([], GlueLibrary);
            return $"{glue} (as shipped)";
        }

        string newest = NewestGlibcxx(provided!);
        string[] blocking = missing.Where(v => !Weakenable.Contains(v)).ToArray();
        if (blocking.Length > 0)
        {
            throw Unavailable(glue, cxxPath!, newest, missing, $"{string.Join(" and ", blocking)} {(blocking.Length == 1 ? "is" : "are")} needed by code the library calls, so it cannot be patched around");
        }

        if (Environment.GetEnvironmentVariable(NoPatchVariable) == "1")
        {
            throw Unavailable(glue, cxxPath!, newest, missing, $"{NoPatchVariable}=1 forbids loading a patched copy");
        }

        string copy = WritePatchedCopy(glue, original, missing);
        LoadAll(glue, copy, missing);
        Assembly torchSharp = typeof(torch).Assembly;
        IntPtr handle = NativeLibrary.Load(copy);
        NativeLibrary.SetDllImportResolver(torchSharp, (name, _, _) => name is "LibTorchSharp" or GlueLibrary ? handle : IntPtr.Zero);
        PatchedCopy = copy;
        InitializeTorch(missing, GlueLibrary);
        return $"{copy} (a copy of {glue} with {string.Join(", ", missing)} from {CxxRuntime} marked weak: this system's {cxxPath} provides up to {newest})";
    }

    /// <summary>The versions the package's glue library needs from libstdc++ that this host's lacks (empty off Linux or when unknown).</summary>
    internal static IReadOnlyList<string> MissingOnHost()
    {
        if (!OperatingSystem.IsLinux() || FindNative(GlueLibrary) is not string glue)
        {
            return [];
        }

        (_, IReadOnlySet<string>? provided) = HostCxxRuntime();
        return provided is null ? [] : MissingVersions(ElfVersions.ReadNeeds(File.ReadAllBytes(glue)), provided);
    }

    /// <summary>The package's glue library as the application resolves it, or null.</summary>
    internal static string? OriginalGlue() => OperatingSystem.IsLinux() ? FindNative(GlueLibrary) : null;

    /// <summary>The non-weak versions needed from libstdc++ that <paramref name="provided"/> lacks, in table order.</summary>
    internal static IReadOnlyList<string> MissingVersions(IReadOnlyList<ElfVersions.NeededVersion> needs, IReadOnlySet<string> provided) =>
        needs.Where(n => n.File == CxxRuntime && !n.IsWeak && !provided.Contains(n.Name)).Select(n => n.Name).Distinct().ToArray();

    /// <summary>The newest <c>GLIBCXX_x.y.z</c> among <paramref name="provided"/>, for messages.</summary>
    internal static string NewestGlibcxx(IReadOnlySet<string> provided) =>
        provided.Where(v => v.StartsWith("GLIBCXX_", StringComparison.Ordinal) && Version.TryParse(v["GLIBCXX_".Length..], out _))
            .OrderBy(v => Version.Parse(v["GLIBCXX_".Length..])).LastOrDefault() ?? "no GLIBCXX version";

    /// <summary>Loads libtorch's libraries from the glue library's folder, then <paramref name="glue"/>, each by full path, turning a loader error into the exception.</summary>
    private static void LoadAll(string originalGlue, string glue, IReadOnlyList<string> weakened)
    {
        string folder = Path.GetDirectoryName(originalGlue)!;
        foreach (string name in TorchLibraries)
        {
            string path = Path.Combine(folder, name);
            if (!File.Exists(path))
            {
                path = FindNative(name) ?? throw new LibTorchUnavailableException(
                    $"The TorchSharp backend cannot find {name} (libtorch) next to {originalGlue} or in the application's native search folders. Reference the TorchSharp-cpu package (or a CUDA TorchSharp package) for this platform; see docs/torchsharp.md.", []);
            }

            LoadOrExplain(path, weakened);
        }

        LoadOrExplain(glue, weakened);
    }

    private static void LoadOrExplain(string path, IReadOnlyList<string> weakened)
    {
        try
        {
            NativeLibrary.Load(path);
        }
        catch (DllNotFoundException e)
        {
            throw Explain(Path.GetFileName(path), e.Message, weakened, e);
        }
    }

    /// <summary>Asks TorchSharp to initialize its CPU backend; any failure becomes the exception.</summary>
    private static void InitializeTorch(IReadOnlyList<string> weakened, string what)
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or NotSupportedException or EntryPointNotFoundException or BadImageFormatException)
        {
            string detail = e is TypeInitializationException { InnerException: { } inner } ? inner.Message : e.Message;
            throw Explain(what, detail, weakened, e);
        }
    }

    private static LibTorchUnavailableException Explain(string library, string loaderMessage, IReadOnlyList<string> weakened, Exception inner)
    {
        string[] versions = MissingVersionPattern().Matches(loaderMessage).Select(m => m.Groups[1].Value).Distinct().ToArray();
        string what = versions.Length > 0
            ? $"The TorchSharp backend cannot load {library}: this system lacks the library version{(versions.Length == 1 ? "" : "s")} {string.Join(", ", versions)} it needs"
            : $"The TorchSharp backend cannot load {library}";
        return new LibTorchUnavailableException(
            $"{what} (the loader said: {loaderMessage.Trim()}). " +
            (weakened.Count > 0 ? $"A copy with {string.Join(", ", weakened)} marked weak was tried. " : "") +
            "Install a newer system library (for libstdc++ versions: GCC 13's libstdc++ or newer), use a TorchSharp package built for this system, or train with the managed backend (the default). See docs/torchsharp.md.",
            versions, inner);
    }

    private static LibTorchUnavailableException Unavailable(string glue, string cxxPath, string newest, IReadOnlyList<string> missing, string why) => new(
        $"The TorchSharp backend cannot load {glue}: it needs {string.Join(", ", missing)} from {CxxRuntime}, and this system's {cxxPath} provides up to {newest}; {why}. " +
        $"Install GCC 13's libstdc++ or newer (on Debian 12 none is packaged), unset {NoPatchVariable}, or train with the managed backend (the default). See docs/torchsharp.md.",
        missing);

    /// <summary>Writes the patched copy (once per original file's content) into the private cache; returns its path.</summary>
    private static string WritePatchedCopy(string glue, byte[] original, IReadOnlyList<string> weaken)
    {
        byte[] patched = ElfVersions.MarkWeak(original, CxxRuntime, weaken);
        string key = Convert.ToHexStringLower(SHA256.HashData(original))[..16] + "-" + string.Join("-", weaken);
        string folder = Path.Combine(CacheRoot(), "torchsharp", key);
        string target = Path.Combine(folder, GlueLibrary);
        try
        {
            if (File.Exists(target) && File.ReadAllBytes(target).AsSpan().SequenceEqual(patched))
            {
                return target;
            }

            CreatePrivateFolder(folder);
            string temp = Path.Combine(folder, $"{GlueLibrary}.{Environment.ProcessId}.tmp");
            File.WriteAllBytes(temp, patched);
            File.Move(temp, target, overwrite: true); // atomic; a concurrent process writes the same bytes
            return target;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LibTorchUnavailableException(
                $"The TorchSharp backend needs a copy of {glue} with {string.Join(", ", weaken)} from {CxxRuntime} marked weak (this system's libstdc++ lacks it), but cannot write it to {folder}: {e.Message} " +
                $"Set {CacheVariable} to a writable folder; see docs/torchsharp.md.", weaken, e);
        }
    }

    private static void CreatePrivateFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }

        // Each level the user's alone: a library loaded from here must not be replaceable by others.
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>The cache root: <c>MLNETDEEP_NATIVE_CACHE</c>, else <c>$XDG_CACHE_HOME/mlnetdeep</c>, else <c>~/.cache/mlnetdeep</c>, else the temp folder.</summary>
    internal static string CacheRoot()
    {
        if (Environment.GetEnvironmentVariable(CacheVariable) is { Length: > 0 } chosen)
        {
            return chosen;
        }

        if (Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg)
        {
            return Path.Combine(xdg, "mlnetdeep");
        }

        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return home.Length > 0 ? Path.Combine(home, ".cache", "mlnetdeep") : Path.Combine(Path.GetTempPath(), $"mlnetdeep-{Environment.UserName}");
    }

    /// <summary>The host's libstdc++ (as this process loads it) and the versions it defines; (null, null) when it cannot be read.</summary>
    private static (string? Path, IReadOnlySet<string>? Provided) HostCxxRuntime()
    {
        if (!NativeLibrary.TryLoad(CxxRuntime, out _))
        {
            return (null, null);
        }

        string? path = null;
        try
        {
            foreach (string line in File.ReadLines("/proc/self/maps"))
            {
                int slash = line.IndexOf('/');
                if (slash >= 0 && Path.GetFileName(line[slash..]).StartsWith("libstdc++.so.6", StringComparison.Ordinal))
                {
                    path = line[slash..].Trim();
                    break;
                }
            }

            return path is null ? (null, null) : (path, ElfVersions.ReadDefinitions(File.ReadAllBytes(path)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return (path, null); // unknown: load the package's file and let the loader speak
        }
    }

    /// <summary>The first existing <paramref name="file"/> in the native search folders.</summary>
    private static string? FindNative(string file) =>
        SearchFolders().Select(folder => Path.Combine(folder, file)).FirstOrDefault(File.Exists);

    /// <summary>The host's native search folders (from the app's deps.json), then TorchSharp's and the app's folders and their runtimes/RID/native.</summary>
    internal static IEnumerable<string> SearchFolders()
    {
        var folders = new List<string>();
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string dirs)
        {
            folders.AddRange(dirs.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        }

        string rid = $"linux-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";
        foreach (string? baseFolder in new[] { Path.GetDirectoryName(typeof(torch).Assembly.Location), AppContext.BaseDirectory })
        {
            if (!string.IsNullOrEmpty(baseFolder))
            {
                folders.Add(baseFolder);
                folders.Add(Path.Combine(baseFolder, "runtimes", rid, "native"));
            }
        }

        return folders.Select(f => Path.GetFullPath(f)).Distinct();
    }

    [GeneratedRegex("version [`'‘]([^'’`]+)['’] not found")]
    private static partial Regex MissingVersionPattern();
}
