namespace MLNetDeep.AutoML.Tests.Stores;

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

/// <summary>
/// A throwaway PostgreSQL server for the tests: started on first use from the Debian <c>postgresql</c> package's binaries
/// (initdb into a temp folder, <c>pg_ctl start</c> on a free loopback port, sockets in the temp folder), stopped and
/// deleted by <see cref="Cleanup"/>. As root, initdb and pg_ctl run as the package's <c>postgres</c> user (initdb refuses
/// root). The environment variable <c>MLNETDEEP_TEST_POSTGRES</c> (a connection string) uses an existing server instead.
/// Each caller gets its own schema (<see cref="NewSchema"/>), so tests never see each other's studies.
/// </summary>
[TestClass]
public sealed class PostgresServer
{
    private const string NotInstalled = "PostgreSQL is not installed: apt-get install postgresql";
    private static readonly Lock Gate = new();
    private static readonly List<string> Schemas = [];
    private static bool _started;
    private static string? _connectionString;
    private static string? _unavailable;
    private static string? _folder;
    private static string? _binaries;
    private static bool _asPostgresUser;

    /// <summary>A connection string whose search path is a new empty schema; the test is inconclusive without PostgreSQL.</summary>
    public static string NewSchema(string prefix)
    {
        string server = ConnectionString();
        string schema = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        using (var c = new NpgsqlConnection(server))
        {
            c.Open();
            using var cmd = new NpgsqlCommand($"CREATE SCHEMA \"{schema}\";", c);
            cmd.ExecuteNonQuery();
        }

        lock (Gate)
        {
            Schemas.Add(schema);
        }

        return new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
    }

    /// <summary>The server's connection string; starts the server the first time; inconclusive without PostgreSQL.</summary>
    public static string ConnectionString()
    {
        lock (Gate)
        {
            if (!_started)
            {
                _started = true;
                try
                {
                    Start();
                }
                catch (Exception e)
                {
                    _unavailable = $"The test PostgreSQL server did not start: {e.Message}";
                }
            }

            if (_connectionString is null)
            {
                if (_unavailable == NotInstalled)
                {
                    Assert.Inconclusive(_unavailable);
                }

                Assert.Fail(_unavailable ?? "The test PostgreSQL server did not start.");
            }

            return _connectionString!;
        }
    }

    /// <summary>Stops and deletes the server (or drops the schemas made on an existing one).</summary>
    [AssemblyCleanup]
    public static void Cleanup()
    {
        lock (Gate)
        {
            NpgsqlConnection.ClearAllPools();
            if (_connectionString is not null && _folder is null)
            {
                try
                {
                    using var c = new NpgsqlConnection(_connectionString);
                    c.Open();
                    foreach (string schema in Schemas)
                    {
                        using var cmd = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE;", c);
                        cmd.ExecuteNonQuery();
                    }
                }
                catch (NpgsqlException)
                {
                    // leave the schemas; the server is not ours
                }
            }

            if (_folder is not null)
            {
                Tool("pg_ctl", "-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop");
                try
                {
                    Directory.Delete(_folder, recursive: true);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }

                _folder = null;
            }

            _connectionString = null;
        }
    }

    private static void Start()
    {
        if (Environment.GetEnvironmentVariable("MLNETDEEP_TEST_POSTGRES") is { Length: > 0 } existing)
        {
            _connectionString = existing;
            return;
        }

        string root = "/usr/lib/postgresql";
        _binaries = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => (Dir: d, Version: double.TryParse(Path.GetFileName(d), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : -1))
                .Where(d => File.Exists(Path.Combine(d.Dir, "bin", "initdb")) && File.Exists(Path.Combine(d.Dir, "bin", "pg_ctl")))
                .OrderByDescending(d => d.Version)
                .Select(d => Path.Combine(d.Dir, "bin"))
                .FirstOrDefault()
            : null;
        if (_binaries is null)
        {
            _unavailable = NotInstalled;
            return;
        }

        _asPostgresUser = Environment.UserName == "root";
        _folder = Path.Combine(Path.GetTempPath(), $"mlnetdeep-pg-{Environment.ProcessId}-{Environment.TickCount64}");
        Directory.CreateDirectory(_folder);
        if (_asPostgresUser)
        {
            Run("chown", "postgres:postgres", _folder);
        }

        string data = Path.Combine(_folder, "data");
        Tool("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
        for (int attempt = 1; ; attempt++)
        {
            int port = FreePort();
            string options = $"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={_folder} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
            (int code, string output) = Tool("pg_ctl", "-D", data, "-l", Path.Combine(_folder, "server.log"), "-o", options, "-w", "-t", "30", "start");
            if (code == 0)
            {
                _connectionString = new NpgsqlConnectionStringBuilder
                {
                    Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres", Pooling = true, MaxPoolSize = 50, Timeout = 30,
                }.ConnectionString;
                break;
            }

            if (attempt == 3)
            {
                string log = File.Exists(Path.Combine(_folder, "server.log")) ? File.ReadAllText(Path.Combine(_folder, "server.log")) : "";
                throw new InvalidOperationException($"pg_ctl start failed: {output}\n{log}");
            }
        }

        using (var c = new NpgsqlConnection(_connectionString))
        {
            c.Open();
            using var cmd = new NpgsqlCommand("CREATE DATABASE mlnetdeep_tests;", c);
            cmd.ExecuteNonQuery();
        }

        _connectionString = new NpgsqlConnectionStringBuilder(_connectionString) { Database = "mlnetdeep_tests" }.ConnectionString;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Runs a PostgreSQL binary, as the postgres user when the tests run as root.</summary>
    private static (int Code, string Output) Tool(string name, params string[] args)
    {
        string exe = Path.Combine(_binaries!, name);
        (int code, string output) = _asPostgresUser ? Run("runuser", ["-u", "postgres", "--", exe, .. args]) : Run(exe, args);
        if (code != 0 && name == "initdb")
        {
            throw new InvalidOperationException($"initdb failed ({code}): {output}");
        }

        return (code, output);
    }

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        using Process p = Process.Start(info)!;
        // Read on threads of their own, not with ReadToEndAsync: its continuations need thread-pool threads, which a small
        // pool (DOTNET_ThreadPool_ForceMaxWorkerThreads=2) may not have while tests block theirs.
        Task<string> stdout = OwnThread.Run(p.StandardOutput.ReadToEnd), stderr = OwnThread.Run(p.StandardError.ReadToEnd);
        if (!p.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            p.Kill(true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in 60 s");
        }

        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
