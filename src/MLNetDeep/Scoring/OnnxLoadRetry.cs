namespace MLNetDeep.Scoring;

/// <summary>
/// Works around an ML.NET defect that fails about one model load in 32,768: <c>OnnxTransformer</c> writes the ONNX bytes
/// of a loaded model to a temporary file named by <see cref="Path.GetRandomFileName"/>, whose random three-letter
/// extension is sometimes <c>.ort</c>; ONNX Runtime then reads the file as its own ORT format and fails with "ORT model
/// verification failed" (dotnet/machinelearning issue 7339). A load that fails so is simply repeated: the next name is
/// random again.
/// </summary>
internal static class OnnxLoadRetry
{
    /// <summary>How many times a load is tried in all. Default 4 (all failing so: about 1 in 10^18).</summary>
    internal const int Attempts = 4;

    /// <summary>The text ONNX Runtime's error carries when it read an ONNX file as ORT format.</summary>
    internal const string Signature = "ORT model verification failed";

    /// <summary>Runs <paramref name="load"/>, again when it failed with <see cref="Signature"/> anywhere in its exception chain.</summary>
    internal static T Run<T>(Func<T> load)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return load();
            }
            catch (Exception e) when (attempt < Attempts && IsOrtNameClash(e))
            {
            }
        }
    }

    private static bool IsOrtNameClash(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x.Message.Contains(Signature, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
