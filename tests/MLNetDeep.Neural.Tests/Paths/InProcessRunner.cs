namespace MLNetDeep.Neural.Tests.Paths;

using System.Reflection;
using System.Runtime.Intrinsics;
using MLNetDeep.Neural.Numerics;

/// <summary>
/// A minimal MSTest runner for <see cref="Avx2PathTests"/>'s child process: runs every <c>[TestMethod]</c> (each
/// <c>[DataRow]</c> once) of the <c>[TestClass]</c>es of this assembly that carry a given <c>[TestCategory]</c>, one
/// after another, and prints one line per test plus a summary. Exit code 0 when at least one test ran and none
/// failed. Inconclusive tests (an instruction set the process lacks) are counted, not failed.
/// </summary>
internal static class InProcessRunner
{
    /// <summary>The summary line's prefix; the parent test parses it.</summary>
    public const string SummaryPrefix = "SUMMARY";

    /// <summary>The line that reports the process's instruction-set view; the parent test checks it.</summary>
    public const string PathsPrefix = "PATHS";

    public static int Run(string category, TextWriter output)
    {
        output.WriteLine($"{PathsPrefix} Vector512.IsHardwareAccelerated={Vector512.IsHardwareAccelerated} Vector256.IsHardwareAccelerated={Vector256.IsHardwareAccelerated} "
            + $"Simd.Best={Simd.Best} GemmKernel={ManagedGemm.BestKernel}");
        int passed = 0, failed = 0, inconclusive = 0;
        Type[] classes = typeof(InProcessRunner).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<TestClassAttribute>() is not null && HasCategory(t, category))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToArray();
        foreach (Type type in classes)
        {
            foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.GetCustomAttribute<TestMethodAttribute>() is not null).OrderBy(m => m.Name, StringComparer.Ordinal))
            {
                DataRowAttribute[] rows = method.GetCustomAttributes<DataRowAttribute>().ToArray();
                IEnumerable<object?[]> argumentSets = rows.Length == 0 ? [[]] : rows.Select(r => r.Data);
                foreach (object?[] arguments in argumentSets)
                {
                    string name = $"{type.Name}.{method.Name}({string.Join(", ", arguments.Select(a => a is null ? "null" : Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture)))})";
                    try
                    {
                        object instance = Activator.CreateInstance(type)!;
                        method.Invoke(instance, arguments.Length == 0 ? null : Coerce(method, arguments));
                        passed++;
                        output.WriteLine($"PASS {name}");
                    }
                    catch (TargetInvocationException e) when (e.InnerException is AssertInconclusiveException inner)
                    {
                        inconclusive++;
                        output.WriteLine($"INCONCLUSIVE {name}: {inner.Message}");
                    }
                    catch (TargetInvocationException e)
                    {
                        failed++;
                        output.WriteLine($"FAIL {name}: {e.InnerException}");
                    }
                }
            }
        }

        int ran = passed + failed + inconclusive;
        output.WriteLine($"{SummaryPrefix} classes={classes.Length} ran={ran} passed={passed} failed={failed} inconclusive={inconclusive}");
        return ran > 0 && failed == 0 ? 0 : 1;
    }

    /// <summary>The checksum line's prefix; the parent test parses it.</summary>
    public const string ChecksumPrefix = "CHECKSUM";

    /// <summary>
    /// Trains <see cref="Training.BackendDeterminismTests"/>'s network (784-256-128-10, batch norm, dropout, 2 threads,
    /// on the process's GEMM backend: run it with <c>MLNETDEEP_GEMM=managed</c>) and prints the SHA-256 of every
    /// parameter's and state array's bits.
    /// </summary>
    public static int TrainChecksum(TextWriter output)
    {
        output.WriteLine($"{PathsPrefix} Vector512.IsHardwareAccelerated={Vector512.IsHardwareAccelerated} Vector256.IsHardwareAccelerated={Vector256.IsHardwareAccelerated} "
            + $"Simd.Best={Simd.Best} GemmKernel={ManagedGemm.BestKernel} {Gemm.Description}");
        float[][] arrays = Training.BackendDeterminismTests.Train(threads: 2);
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (float[] array in arrays)
        {
            sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(array.AsSpan()));
        }

        output.WriteLine($"{ChecksumPrefix} {Convert.ToHexString(sha.GetHashAndReset())}");
        return 0;
    }

    private static bool HasCategory(Type type, string category) =>
        type.GetCustomAttributes<TestCategoryAttribute>().Any(a => a.TestCategories.Contains(category, StringComparer.Ordinal));

    /// <summary>DataRow values as the parameter types want them (MSTest converts, e.g., an int row value for a float parameter).</summary>
    private static object?[] Coerce(MethodInfo method, object?[] arguments)
    {
        ParameterInfo[] parameters = method.GetParameters();
        var result = new object?[arguments.Length];
        for (int i = 0; i < arguments.Length; i++)
        {
            Type target = parameters[i].ParameterType;
            object? value = arguments[i];
            result[i] = value is null || target.IsInstanceOfType(value) ? value
                : target.IsEnum ? Enum.ToObject(target, value)
                : Convert.ChangeType(value, Nullable.GetUnderlyingType(target) ?? target, System.Globalization.CultureInfo.InvariantCulture);
        }

        return result;
    }
}
